import Foundation
import Testing
@testable import ConvEngine

/// The sum and mean of every element of a float32 or float64 tensor against PyTorch's,
/// bit for bit (Fixtures/sum_bits.json, from scripts/generate_sum_fixtures.py): sizes
/// around every vector, row and cascade level boundary and around the 32768 elements
/// from which PyTorch splits the sum over threads, with one thread and two.
@Suite struct CascadeSumTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let json: FixtureJSON
        var dtype: DType { json["dtype"]?.string == "float64" ? .float64 : .float32 }
        var n: Int { json["n"]!.int! }
        var seed: Int { json["seed"]!.int! }
        var threads: Int { json["threads"]!.int! }
        var testDescription: String { "\(dtype) n=\(n) threads=\(threads)" }

        /// The generator's elements: a centred 24- or 53-bit integer from a hash of `i`
        /// and the seed, times a power of two from 2^-4 to 2^4; exact in the dtype.
        var input: Tensor {
            let bits = dtype == .float64 ? 53 : 24
            let values: [Double] = (0..<n).map { i in
                let mixed = UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(seed) &* 0xBF58_476D_1CE4_E5B9
                let integer = Int64(mixed >> UInt64(64 - bits)) - (1 << Int64(bits - 1))
                let exponent = (i * 7 + seed) % 9 - 4
                return Double(integer) * Double(sign: .plus, exponent: exponent - bits + 1, significand: 1)
            }
            return Tensor(shape: [n], storage: .converting(values, to: dtype))
        }
    }

    static let cases: [Case] = Fixtures.cases("sum_bits").map(Case.init)

    /// A 0-dimensional result's bits as PyTorch's fixture writes them (NaNs compared as NaN).
    static func matches(_ result: Tensor, _ hex: String) -> Bool {
        guard let expected = UInt64(hex, radix: 16) else { return false }
        if result.dtype == .float64 {
            let value = result.elements(as: Double.self)[0]
            return value.bitPattern == expected || (value.isNaN && Double(bitPattern: expected).isNaN)
        }
        let value = result.elements(as: Float.self)[0]
        return UInt64(value.bitPattern) == expected || (value.isNaN && Float(bitPattern: UInt32(expected)).isNaN)
    }

    @Test(arguments: cases) func sumAndMeanArePyTorchsToTheBit(_ c: Case) throws {
        let x = c.input
        let context = EngineContext(computeThreads: c.threads)
        let (sum, mean) = try context.run { () throws(EngineError) in (try x.reduced(.sum), try x.reduced(.mean)) }
        #expect(sum.shape == [] && sum.dtype == c.dtype)
        #expect(Self.matches(sum, c.json["sum"]!.string!), "sum \(sum.elements(as: Double.self)[0])")
        #expect(Self.matches(mean, c.json["mean"]!.string!), "mean \(mean.elements(as: Double.self)[0])")
    }

    @Test func everyDimensionAtOnceIsTheWholeSum() throws {
        let c = try #require(Self.cases.first { $0.dtype == .float32 && $0.n == 12705 })
        let x = try c.input.reshaped([3, 77, 55])
        let context = EngineContext(computeThreads: c.threads)
        try context.run { () throws(EngineError) in
            #expect(Self.matches(try x.reduced(.sum), c.json["sum"]!.string!))
            let kept = try x.reduced(.mean, dims: [0, 1, 2], keepDim: true)
            #expect(kept.shape == [1, 1, 1])
            #expect(Self.matches(try kept.reshaped([]), c.json["mean"]!.string!))
        }
    }

    @Test func ceilLog2IsC10s() {
        #expect([0, 1, 2, 3, 4, 5, 8, 9, 1 << 20, (1 << 20) + 1].map(CascadeSum.ceilLog2) == [1, 1, 1, 2, 2, 3, 3, 4, 20, 21])
    }
}
