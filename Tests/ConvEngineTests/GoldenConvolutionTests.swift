import Foundation
import Testing
@testable import ConvEngine

/// The cases PyTorch computed (Fixtures/conv_cases.json): every valid case must match
/// within rtol = atol = 1e-4, and every refused case must be refused with PyTorch's
/// first line.
@Suite struct GoldenConvolutionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var id: String
        var op: String
        var input: Tensor
        var weight: Tensor
        var bias: Tensor?
        var stride: [Int]?
        var padding: ConvPadding?
        var outputPadding: [Int]?
        var dilation: [Int]?
        var groups: Int?
        var paddingMode: ConvPaddingMode?
        var expected: Tensor?
        var expectedError: String?
        var acceptedEmptyShape: [Int]?
        var testDescription: String { id }

        var spatialRank: Int { Int(String(op.last { $0.isNumber }!))! }

        func run() throws(EngineError) -> Tensor {
            if op.hasPrefix("conv_transpose") {
                return try Convolution.transposedConvolution(
                    input, weight: weight, bias: bias, spatialRank: spatialRank,
                    stride: SpatialParameter(stride ?? [1]), padding: SpatialParameter(paddingList ?? [0]),
                    outputPadding: SpatialParameter(outputPadding ?? [0]), groups: groups ?? 1,
                    dilation: SpatialParameter(dilation ?? [1]))
            }
            return try Convolution.convolution(
                input, weight: weight, bias: bias, spatialRank: spatialRank,
                stride: SpatialParameter(stride ?? [1]), padding: padding ?? 0,
                dilation: SpatialParameter(dilation ?? [1]), groups: groups ?? 1,
                paddingMode: paddingMode ?? .zeros)
        }

        var paddingList: [Int]? {
            if case .explicit(let p) = padding { p } else { nil }
        }
    }

    static let cases: [Case] = {
        do {
            let root = try Fixtures.json("conv_cases")
            return try (root["cases"] as! [[String: Any]]).map { c in
                let args = c["args"] as? [String: Any] ?? [:]
                var padding: ConvPadding?
                if let p = args["padding"] as? String { padding = try ConvPadding(string: p) }
                if let p = args["padding"] as? [Int] { padding = .explicit(p) }
                return Case(
                    id: c["id"] as! String, op: c["op"] as! String,
                    input: try Fixtures.tensor(c["input"])!, weight: try Fixtures.tensor(c["weight"])!,
                    bias: try Fixtures.tensor(c["bias"]),
                    stride: args["stride"] as? [Int], padding: padding,
                    outputPadding: args["output_padding"] as? [Int], dilation: args["dilation"] as? [Int],
                    groups: args["groups"] as? Int,
                    paddingMode: (args["padding_mode"] as? String).flatMap(ConvPaddingMode.init(rawValue:)),
                    expected: try Fixtures.tensor(c["expected"]),
                    expectedError: c["expected_error"] as? String,
                    acceptedEmptyShape: c["also_accepted_empty_shape"] as? [Int])
            }
        } catch {
            Issue.record("cannot read conv_cases.json: \(error)")
            return []
        }
    }()

    /// Every case is read and is either valid or refused (the shipped fixture has 106
    /// and 43; a larger one from PyTorch works the same way).
    @Test func fixtureHasEveryCase() throws {
        let raw = try Fixtures.json("conv_cases")["cases"] as! [Any]
        #expect(Self.cases.count == raw.count)
        #expect(Self.cases.count >= 149)
        #expect(Self.cases.allSatisfy { ($0.expected == nil) != ($0.expectedError == nil) })
        #expect(Self.cases.contains { $0.expected != nil } && Self.cases.contains { $0.expectedError != nil })
    }

    @Test(arguments: cases.filter { $0.expected != nil })
    func validCaseMatchesPyTorch(_ c: Case) throws {
        let result = try c.run()
        #expect(closeness(result, c.expected!) == nil, "\(c.id): \(closeness(result, c.expected!) ?? "")")
    }

    /// The fixture's refusals are PyTorch's matrix route's: its generator computed in
    /// float64. In float32 PyTorch takes oneDNN for some transposed convolutions, which
    /// gives an output of size 0 as an empty tensor (`also_accepted_empty_shape`) and
    /// refuses a negative one in its own words (`TransposedOutputSizeTests`, from float32
    /// PyTorch), so the refusals are checked in float64, and the empty shapes in float32.
    @Test(arguments: cases.filter { $0.expectedError != nil })
    func refusedCaseIsRefusedInPyTorchsWords(_ c: Case) throws {
        var inFloat64 = c
        (inFloat64.input, inFloat64.weight) = (c.input.converted(to: .float64), c.weight.converted(to: .float64))
        inFloat64.bias = c.bias?.converted(to: .float64)
        do {
            let result = try inFloat64.run()
            Issue.record("\(c.id): expected a refusal, got a tensor of shape \(result.shape)")
        } catch {
            #expect(error.message == c.expectedError!, "\(c.id)")
            #expect(error.pythonType == "RuntimeError")
        }
        if let empty = c.acceptedEmptyShape {
            #expect(try c.run().shape.dimensions == empty, "\(c.id)")
        }
    }
}
