import Foundation
import Testing
@testable import ConvEngine

/// Second derivatives through convolutions against PyTorch
/// (Fixtures/conv_double_backward.json, from scripts/generate_conv_double_backward_fixtures.py):
/// the first gradients of `conv(x, w, b).pow(2).sum()` taken with `create_graph=True`
/// are recorded as `ConvolutionBackwardBackward0` (its `next_functions`, the gradients'
/// `grad_fn` and `output_nr` as PyTorch prints them), and the gradients of a random
/// combination of them match PyTorch's within 1e-10 (float64); with an empty input, the
/// second derivatives PyTorch leaves undefined are `nil` here too, and its refusal is
/// the same error.
@Suite(.ownEngineContext) struct ConvolutionDoubleBackwardTests {
    typealias Case = ConvolutionBackwardTests.Case

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "conv_double_backward", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let root = try? JSONDecoder().decode(FixtureJSON.self, from: data) else {
            Issue.record("cannot read conv_double_backward.json")
            return []
        }
        return (root["cases"]?.array ?? []).map(Case.init)
    }()

    /// The case's convolution of `x` with `w` and `b`, recorded.
    static func forward(_ c: Case, _ x: Tensor, _ w: Tensor, _ b: Tensor?) throws(EngineError) -> Tensor {
        let rank = c.json["rank"]!.int!, groups = c.json["groups"]!.int!
        return c.transposed
            ? try Convolution.transposedConvolution(x, weight: w, bias: b, spatialRank: rank, stride: c.ints("stride"),
                                                    padding: SpatialParameter(c.json["padding"]!.ints!),
                                                    outputPadding: c.ints("output_padding"), groups: groups,
                                                    dilation: c.ints("dilation"))
            : try Convolution.convolution(x, weight: w, bias: b, spatialRank: rank, stride: c.ints("stride"),
                                          padding: c.padding, dilation: c.ints("dilation"), groups: groups)
    }

    static func squaredSum(_ y: Tensor) throws(EngineError) -> Tensor {
        try y.applying(.power, .double(2)).reduced(.sum)
    }

    @Test func fixtureCoversTheParameters() {
        #expect(Self.cases.count >= 30)
        let ids = Self.cases.map(\.testDescription)
        for rank in 1...3 {
            #expect(ids.contains { $0.hasPrefix("conv\(rank)d") })
            #expect(ids.contains { $0.hasPrefix("convT\(rank)d") })
        }
        #expect(Self.cases.contains { $0.padding == .same })
        #expect(Self.cases.contains { ($0.json["wrt"]?.array?.count ?? 0) == 1 })
        // Empty inputs, one of them refused by PyTorch.
        #expect(Self.cases.contains { $0.json["input"]?.tensor?.count == 0 && $0.json["error"] == nil })
        #expect(Self.cases.contains { $0.json["error"] != nil })
    }

    @Test(arguments: cases) func secondDerivativesMatchPyTorch(_ c: Case) throws {
        try EngineContext().run { () throws in
            let wrt = c.json["wrt"]!.array!.map { $0.string! }
            let tensors: [String: Tensor?] = ["input": c.tensor("input")!, "weight": c.tensor("weight")!, "bias": c.tensor("bias")]
            let inputs = wrt.map { tensors[$0]!! }
            for t in inputs { try t.setRequiresGrad(true) }
            let y = try Self.forward(c, tensors["input"]!!, tensors["weight"]!!, tensors["bias"]!)
            let firsts = try Autograd.grad(outputs: [try Self.squaredSum(y)], inputs: inputs, gradOutputs: [nil],
                                           createGraph: true).map { $0! }
            for (name, first) in zip(wrt, firsts) {
                #expect(ConvolutionBackwardTests.error(first, c.json["first"]![name]!.tensor!) <= 1e-10, "first \(name)")
                #expect(first.gradFn?.name == c.json["grad_fn"]?[name]?.string, "\(name).grad_fn")
                #expect(first.outputNumber == c.json["output_nr"]?[name]?.int, "\(name).output_nr")
            }
            // The node behind the first gradient (under SqueezeBackward1 or ConstantPadNdBackward0).
            var node = firsts[0].gradFn
            while let n = node, n.name != "ConvolutionBackwardBackward0" { node = n.nextEdges.first??.node }
            #expect(node?.nextEdges.map { $0?.node.name } == c.json["node_next_functions"]?.array?.map(\.string))

            var total: Tensor?
            for (name, first) in zip(wrt, firsts) {
                let term = try first.applying(.multiply, c.json["multipliers"]![name]!.tensor!).reduced(.sum)
                total = try total.map { (sum) throws(EngineError) in try sum.applying(.add, term) } ?? term
            }
            if let message = c.json["error"]?.string {
                // PyTorch's double backward refused (an empty output and a bias of more channels).
                #expect(throws: EngineError.self, "\(c.testDescription) raises PyTorch's error") {
                    do {
                        _ = try Autograd.grad(outputs: [total!], inputs: inputs, gradOutputs: [nil], allowUnused: true)
                    } catch let error as EngineError {
                        #expect(error.message == message)
                        #expect(error.pythonType == "RuntimeError")
                        throw error
                    }
                }
            } else {
                try Self.checkSecondDerivatives(c, wrt: wrt, inputs: inputs, total: total!)
            }
        }
    }

    /// The second derivatives of `total` against the case's, `nil` where PyTorch's are undefined.
    static func checkSecondDerivatives(_ c: Case, wrt: [String], inputs: [Tensor], total: Tensor) throws {
        let seconds = try Autograd.grad(outputs: [total], inputs: inputs, gradOutputs: [nil], allowUnused: true)
        for (name, second) in zip(wrt, seconds) {
            guard let want = c.json["second"]?[name]?.tensor else {
                #expect(second == nil, "\(name) got a second derivative")
                continue
            }
            guard let second else { Issue.record("no second derivative for \(name)"); continue }
            #expect(second.shape == want.shape, "\(name) shape")
            let error = ConvolutionBackwardTests.error(second, want)
            #expect(error <= 1e-10, "second derivative of \(name) off by \(error)")
        }
    }

    /// PyTorch's gradgradcheck idea: the first gradients, as a function of `x` and `w`,
    /// have the Jacobians central differences give (float64), also for a transposed
    /// convolution with a bias, stride and output padding.
    @Test func gradcheckOfFirstGradients() throws {
        let random = RandomGenerator(seed: 5)
        try EngineContext().run { () throws in
            let x = try random.rand([2, 2, 5, 5], dtype: .float64), w = try random.rand([3, 2, 3, 3], dtype: .float64)
            let b = try random.rand([3], dtype: .float64)
            let xt = try random.rand([1, 2, 3, 3], dtype: .float64), wt = try random.rand([2, 2, 2, 2], dtype: .float64)
            for t in [x, w, b, xt, wt] { try t.setRequiresGrad(true) }
            let conv = { (inputs: [Tensor]) throws -> [Tensor] in
                let y = try Convolution.convolution(inputs[0], weight: inputs[1], bias: inputs[2], spatialRank: 2,
                                                    stride: 2, padding: 1)
                return try Autograd.grad(outputs: [try Self.squaredSum(y)], inputs: inputs, gradOutputs: [nil],
                                         createGraph: true).map { $0! }
            }
            let transposed = { (inputs: [Tensor]) throws -> [Tensor] in
                let y = try Convolution.transposedConvolution(inputs[0], weight: inputs[1], spatialRank: 2, stride: 2,
                                                              outputPadding: 1)
                return try Autograd.grad(outputs: [try Self.squaredSum(y)], inputs: inputs, gradOutputs: [nil],
                                         createGraph: true).map { $0! }
            }
            #expect(try GradCheck.check(conv, inputs: [x, w, b]) == nil)
            #expect(try GradCheck.check(transposed, inputs: [xt, wt]) == nil)
        }
    }

    /// `backward(create_graph=True)` leaves first gradients in `.grad` that a second
    /// `backward()` differentiates; a third derivative, recording the double backward in
    /// turn, is refused with a NotImplementedError.
    @Test func secondBackwardAndThirdDerivativeRefusal() throws {
        let random = RandomGenerator(seed: 9)
        try EngineContext().run { () throws in
            let x = try random.rand([1, 2, 4, 4], dtype: .float64), w = try random.rand([2, 2, 3, 3], dtype: .float64)
            for t in [x, w] { try t.setRequiresGrad(true) }
            try Self.squaredSum(try Convolution.convolution(x, weight: w, spatialRank: 2, padding: 1))
                .backward(createGraph: true)
            let gx = try #require(x.grad)
            #expect(gx.gradFn?.name == "ConvolutionBackwardBackward0")
            #expect(w.grad?.outputNumber == 1)
            let firstW = try #require(w.grad).clone(preserveFormat: false).detached()
            let second = try Autograd.grad(outputs: [try gx.reduced(.sum)], inputs: [w], gradOutputs: [nil],
                                           retainGraph: true)[0]!
            try gx.reduced(.sum).backward(retainGraph: true)
            // w.grad now holds the first gradient plus the second derivative.
            let sum = try firstW.applying(.add, second)
            #expect(ConvolutionBackwardTests.error(try #require(w.grad), sum) <= 1e-12)
            do {
                _ = try Autograd.grad(outputs: [try gx.reduced(.sum)], inputs: [x], gradOutputs: [nil], createGraph: true)
                Issue.record("a third derivative was not refused")
            } catch let error as EngineError {
                #expect(error.pythonType == "NotImplementedError")
            }
        }
    }

    /// An output of `ConvolutionBackwardBackward0` that gets no gradient is undefined to
    /// its formula, as in PyTorch: for a loss linear in `x`, the gradient of `dx` with
    /// respect to `x` is `None` (and an error without allow_unused), not zeros.
    @Test func undefinedGradientsStayUndefined() throws {
        let random = RandomGenerator(seed: 3)
        try EngineContext().run { () throws in
            let x = try random.rand([1, 2, 4, 4], dtype: .float64), w = try random.rand([2, 2, 3, 3], dtype: .float64)
            let v = try random.rand([1, 2, 2, 2], dtype: .float64)
            for t in [x, w] { try t.setRequiresGrad(true) }
            let y = try Convolution.convolution(x, weight: w, spatialRank: 2)
            let firsts = try Autograd.grad(outputs: [try y.applying(.multiply, v).reduced(.sum)], inputs: [x, w],
                                           gradOutputs: [nil], createGraph: true)
            let gx = try #require(firsts[0])
            let unused = try Autograd.grad(outputs: [try gx.reduced(.sum)], inputs: [x], gradOutputs: [nil],
                                           retainGraph: true, allowUnused: true)
            #expect(unused[0] == nil)
            #expect(throws: EngineError.self) {
                try Autograd.grad(outputs: [try gx.reduced(.sum)], inputs: [x], gradOutputs: [nil], retainGraph: true)
            }
            let gw = try Autograd.grad(outputs: [try gx.reduced(.sum)], inputs: [w], gradOutputs: [nil])[0]
            #expect(gw?.shape == w.shape)
        }
    }
}
