import Foundation
import Testing
@testable import ConvEngine

/// float16 transposed convolutions against PyTorch's, bit for bit
/// (Fixtures/float16_transposed.json, from scripts/generate_float16_transposed_fixtures.py):
/// 1-, 2- and 3-D, with stride, padding, output padding, dilation, groups, bias and
/// batches, up to 128 input channels. PyTorch rounds each column to float16 and adds the
/// columns, and then the bias, in float16; in every case some elements differ from the
/// float32 result rounded once.
@Suite struct Float16TransposedConvolutionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let json: FixtureJSON
        func ints(_ key: String) -> [Int] { json[key]!.ints! }
        var seed: Int { json["seed"]!.int! }
        var testDescription: String {
            "input \(ints("input")) weight \(ints("weight")) stride \(ints("stride")) padding \(ints("padding")) "
                + "output padding \(ints("output_padding")) groups \(json["groups"]!.int!) dilation \(ints("dilation"))"
                + (json["bias"]!.bool! ? " bias" : "")
        }

        /// The generator's operand: element i is ((i * multiplier + seed) mod modulus -
        /// modulus / 2) / scale, exact in float16.
        func operand(_ shape: [Int], multiplier: Int, modulus: Int, scale: Double) -> Tensor {
            let values = (0..<shape.reduce(1, *)).map { i in Double((i * multiplier + seed) % modulus - modulus / 2) / scale }
            return Tensor(shape: TensorShape(shape), storage: .converting(values, to: .float16))
        }
    }

    static let cases = Fixtures.cases("float16_transposed").map(Case.init)

    @Test(arguments: cases) func bitsArePyTorchs(_ c: Case) throws {
        let weightShape = c.ints("weight")
        let groups = c.json["groups"]!.int!
        let x = c.operand(c.ints("input"), multiplier: 7919, modulus: 2003, scale: 128)
        let w = c.operand(weightShape, multiplier: 104_729, modulus: 1009, scale: 512)
        let b = c.json["bias"]!.bool! ? c.operand([weightShape[1] * groups], multiplier: 31, modulus: 97, scale: 16) : nil
        let y = try Convolution.transposedConvolution(x, weight: w, bias: b, spatialRank: weightShape.count - 2,
                                                      stride: .init(c.ints("stride")), padding: .init(c.ints("padding")),
                                                      outputPadding: .init(c.ints("output_padding")), groups: groups,
                                                      dilation: .init(c.ints("dilation")))
        #expect(y.dtype == .float16)
        #expect(y.shape.dimensions == c.ints("shape"))
        let bits = y.elements(as: Float16.self).map { String(format: "%04x", $0.bitPattern) }.joined()
        let expected = c.json["output"]!.string!
        let wrong = stride(from: 0, to: min(bits.count, expected.count), by: 4).filter {
            bits.dropFirst($0).prefix(4) != expected.dropFirst($0).prefix(4)
        }.count
        #expect(bits.count == expected.count && wrong == 0, "\(wrong) of \(expected.count / 4) elements differ")
        #expect(c.json["differ_from_single_rounding"]!.int! > 0)
    }
}
