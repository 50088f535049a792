import Testing
@testable import ConvEngine

/// `Float16.widened` (integer and float operations instead of the library routine) gives
/// every one of the 65,536 half-precision values as Swift's own conversion does: zeros of
/// both signs, subnormals, normals, infinities; NaNs stay NaN with their sign.
@Suite struct Float16WideningTests {
    static func same(_ a: Float, _ b: Float) -> Bool {
        a.isNaN ? b.isNaN && a.sign == b.sign : a.bitPattern == b.bitPattern
    }

    @Test func everyValueWidensAsSwiftConvertsIt() {
        var wrong: [UInt16] = []
        for bits in 0...UInt16.max {
            let half = Float16(bitPattern: bits)
            if !Self.same(half.widened, Float(half)) { wrong.append(bits) }
        }
        #expect(wrong.isEmpty, "first wrong patterns: \(wrong.prefix(8).map { String($0, radix: 16) })")
    }

    @Test func eightAtATimeAsOneAtATime() {
        var wrong: [UInt16] = []
        for start in stride(from: 0, through: Int(UInt16.max), by: 8) {
            var bits = SIMD8<UInt16>()
            for lane in 0..<8 { bits[lane] = UInt16(start + lane) }
            let wide = Float16.widened(bits)
            for lane in 0..<8 where !Self.same(wide[lane], Float16(bitPattern: bits[lane]).widened) { wrong.append(bits[lane]) }
        }
        #expect(wrong.isEmpty, "first wrong patterns: \(wrong.prefix(8).map { String($0, radix: 16) })")
    }

    @Test func doubleValueIsTheWidenedValue() {
        for value: Float16 in [0, -0.0, 1, -2.5, 65504, .leastNonzeroMagnitude, -.leastNormalMagnitude, .infinity] {
            #expect(value.doubleValue == Double(Float(value)) && value.doubleValue.sign == value.sign)
        }
        #expect(Float16.nan.doubleValue.isNaN)
    }
}
