import ConvEngine
import Foundation
import Testing

/// ``CFormat``: the C library's printf conversions, one `double` each, as Foundation's
/// `String(format:)` (the same C conversions) writes them.
@Suite struct CFormatTests {
    static let values: [Double] = [0, -0.0, 1, -1, 0.5, 2.5, 0.125, 1 / 3, -2 / 3, 1e-5, 123456.789, 1e300, -1e-300,
                                   .pi, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .infinity, -.infinity, .nan]

    @Test func fixedAndScientificAreThePrintfConversions() {
        for value in Self.values {
            for digits in [0, 1, 4, 8, 17] {
                #expect(CFormat.fixed(value, digits: digits) == String(format: "%.\(digits)f", value), "\(value) \(digits)")
                #expect(CFormat.scientific(value, digits: digits) == String(format: "%.\(digits)e", value), "\(value) \(digits)")
                #expect(CFormat.printf("%.\(digits)g", value) == String(format: "%.\(digits)g", value), "\(value) \(digits)")
            }
        }
    }

    /// The integer-arithmetic `%.Nf` (up to 9 digits, below 1e9) against the C library,
    /// on values a printout is made of and on the ones rounding decides: exact ties
    /// (k / 2^n), values a unit in the last place from them, floats widened, subnormals.
    @Test func fixedInIntegersIsTheCLibrarys() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0.5, 1.5, 2.5, -0.5, 0.125, 0.375, 0.0625, 0.00005, 0.00015, 999_999_999.5,
                                999_999_999.999_999_9, -999_999_999.4, 1e-10, -1e-10, 4.9e-324, 2.2250738585072014e-308]
        for _ in 0..<20_000 {
            let power = Int.random(in: 0...30, using: &generator)
            let tie = Double(Int.random(in: -(1 << 20)...(1 << 20), using: &generator)) / Double(1 << power)
            values += [tie, tie.nextUp, tie.nextDown]
            let magnitude = Double(sign: .plus, exponent: Int.random(in: -40...29, using: &generator), significand: 1)
            let float = Float(Double.random(in: -1...1, using: &generator) * magnitude)
            values += [Double(float), Double.random(in: -1...1, using: &generator) * magnitude]
        }
        for value in values where abs(value) < 1e9 {
            for digits in 0...9 {
                let expected = String(format: "%.\(digits)f", value)
                guard CFormat.fixed(value, digits: digits) == expected else {
                    Issue.record("\(value.bitPattern) %.\(digits)f: \(CFormat.fixed(value, digits: digits)) != \(expected)")
                    return
                }
            }
        }
    }

    @Test func longOutputIsWrittenWhole() {
        // Past the 64-byte stack buffer: 1e300 has 301 digits before the point.
        #expect(CFormat.fixed(1e300, digits: 2) == String(format: "%.2f", 1e300))
        #expect(CFormat.fixed(1e300, digits: 2).count == 304)
        #expect(CFormat.printf("%.340f", 1 / 3) == String(format: "%.340f", 1.0 / 3))
        #expect(CFormat.fixed(0.1, digits: 300).count == 302)
    }

    @Test func negativeDigitsMeanNone() {
        #expect(CFormat.fixed(2.5, digits: -3) == "2")
        #expect(CFormat.scientific(2.5, digits: -1) == "2e+00")
    }

    @Test func cppDoublePrinting() {
        #expect(CFormat.double(-1) == "-1")
        #expect(CFormat.double(1e-5) == "1e-05")
        #expect(CFormat.double(.nan) == "nan")
        #expect(CFormat.double(-.infinity) == "-inf")
    }
}
