import Foundation
import Testing
@testable import ConvEngine

/// The sum and mean of a float32, float64, float16 or bfloat16 tensor against PyTorch's,
/// bit for bit
/// (Fixtures/sum_bits.json, from scripts/generate_sum_fixtures.py): of every element, at
/// sizes around every vector, row and cascade level boundary and around the 32768
/// elements from which PyTorch splits the sum over threads, with one thread and two; and
/// over any dimensions (leading, middle, several, of one element), with and without
/// `keepdim`, of tensors and of views of them (permuted, sliced with steps, unsqueezed,
/// expanded).
@Suite struct CascadeSumTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let json: FixtureJSON
        var dtype: DType { DType(rawValue: json["dtype"]!.string!)! }
        /// The tensor's sizes: `shape` for a reduction over some dimensions, else `[n]`.
        var shape: [Int] { json["shape"]?.ints ?? [json["n"]!.int!] }
        var n: Int { shape.reduce(1, *) }
        /// The dimensions reduced (`nil`: every element, `x.sum()`).
        var dims: [Int]? { json["dims"]?.ints }
        var keepDim: Bool { json["keepdim"]?.bool ?? false }
        /// The steps that make the view summed: `["permute", dims]`, `["slice", dim,
        /// start, stop, step]`, `["unsqueeze", dim]`, `["expand", sizes]`.
        var view: [[FixtureJSON]] { json["view"]?.array?.compactMap(\.array) ?? [] }
        var seed: Int { json["seed"]!.int! }
        var threads: Int { json["threads"]!.int! }
        var testDescription: String {
            let steps = view.map { $0.map { $0.string ?? "\($0.ints ?? [])" }.joined(separator: " ") }
            let summed = steps.isEmpty ? "" : " (" + steps.joined(separator: ", ") + ")"
            let cancelling = json["cancelling"]?.bool == true ? " cancelling" : ""
            return "\(dtype)\(cancelling) \(dims.map { "\(shape)\(summed) dims \($0)\(keepDim ? " keepdim" : "")" } ?? "n=\(n)\(summed)") threads=\(threads)"
        }

        /// The generator's elements: a centred integer of the dtype's significand bits
        /// from a hash of `i` and the seed, times a power of two from 2^-4 to 2^4 (or over
        /// the case's `exponents`); exact in the dtype. A `cancelling` case makes only the
        /// first half so, the second being their negations in reverse order.
        var input: Tensor {
            let bits = [DType.float64: 53, .float32: 24, .float16: 11, .bfloat16: 8][dtype]!
            let exponents = json["exponents"]?.ints ?? [-4, 4]
            let cancelling = json["cancelling"]?.bool ?? false
            var values: [Double] = (0..<(cancelling ? n / 2 : n)).map { i in
                let mixed = UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(seed) &* 0xBF58_476D_1CE4_E5B9
                let integer = Int64(mixed >> UInt64(64 - bits)) - (1 << Int64(bits - 1))
                let exponent = (i * 7 + seed) % (exponents[1] - exponents[0] + 1) + exponents[0]
                return Double(integer) * Double(sign: .plus, exponent: exponent - bits + 1, significand: 1)
            }
            if cancelling { values += values.reversed().map { -$0 } }
            return Tensor(shape: TensorShape(shape), storage: .converting(values, to: dtype))
        }

        /// ``input`` through the case's ``view``.
        func viewed() throws -> Tensor {
            var x = input
            for step in view {
                switch step.first?.string {
                case "permute": x = try x.permuted(step[1].ints!)
                case "slice":
                    let dim = step[1].int!
                    x = try x.indexed(Array(repeating: .slice(start: nil, stop: nil, step: nil), count: dim)
                        + [.slice(start: step[2].int, stop: step[3].int, step: step[4].int)])
                case "unsqueeze": x = try x.unsqueezed(dim: step[1].int!)
                default: x = try x.expanded(to: step[1].ints!)
                }
            }
            return x
        }
    }

    static let cases: [Case] = Fixtures.cases("sum_bits").map(Case.init)

    /// Whether a result's elements have the bits PyTorch's fixture gives, their patterns
    /// concatenated in hex (NaNs compared as NaN).
    static func matches(_ result: Tensor, _ hex: String) -> Bool {
        let digits = 2 * result.dtype.itemSize
        let text = Array(hex.utf8)
        guard text.count == result.count * digits else { return false }
        let values = result.doubles
        return values.indices.allSatisfy { i in
            guard let expected = UInt64(String(decoding: text[(i * digits)..<((i + 1) * digits)], as: UTF8.self), radix: 16) else {
                return false
            }
            let value = values[i]
            let expectedValue: Double = switch result.dtype {
            case .float64: Double(bitPattern: expected)
            case .float32: Double(Float(bitPattern: UInt32(expected)))
            case .float16: Double(Float16(bitPattern: UInt16(expected)))
            default: Double(BFloat16(bits: UInt16(expected)).floatValue)
            }
            // Bits, through the exact widening to double: a zero's sign counts, NaN is NaN.
            return (value == expectedValue && value.sign == expectedValue.sign) || (value.isNaN && expectedValue.isNaN)
        }
    }

    @Test(arguments: cases) func sumAndMeanArePyTorchsToTheBit(_ c: Case) throws {
        let x = try c.viewed()
        let context = EngineContext(computeThreads: c.threads)
        let (sum, mean) = try context.run { () throws(EngineError) in
            guard let dims = c.dims else { return (try x.reduced(.sum), try x.reduced(.mean)) }
            return (try x.reduced(.sum, dims: dims, keepDim: c.keepDim), try x.reduced(.mean, dims: dims, keepDim: c.keepDim))
        }
        let reduced = Set((c.dims ?? Array(c.shape.indices)).map { ($0 + c.shape.count) % c.shape.count })
        let expectedShape = c.json["result_shape"]?.ints ?? c.shape.indices.filter { !reduced.contains($0) }.map { c.shape[$0] }
        #expect(sum.shape.dimensions == expectedShape)
        #expect(mean.shape.dimensions == expectedShape)
        #expect(sum.dtype == c.dtype)
        #expect(Self.matches(sum, c.json["sum"]!.string!), "sum \(sum.elements(as: Double.self)[0])")
        #expect(Self.matches(mean, c.json["mean"]!.string!), "mean \(mean.elements(as: Double.self)[0])")
    }

    @Test func everyDimensionAtOnceIsTheWholeSum() throws {
        let c = try #require(Self.cases.first { $0.dtype == .float32 && $0.dims == nil && $0.n == 12705 })
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
