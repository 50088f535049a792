import Foundation
import Testing
@testable import ConvEngine

/// `Convolution.backward` against PyTorch's autograd (Fixtures/conv_backward.json, from
/// scripts/generate_conv_backward_fixtures.py): the input, weight and bias gradients of
/// every case, within `max|actual - expected| / max(1, max|expected|)` of 1e-5 in
/// float32, 1e-10 in float64 and 1e-2 (a unit in the last place) in bfloat16.
@Suite(.ownEngineContext) struct ConvolutionBackwardTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let json: FixtureJSON
        var testDescription: String { json["id"]?.string ?? "?" }

        var transposed: Bool { json["transposed"]?.bool ?? false }
        func tensor(_ key: String) -> Tensor? { json[key]?.tensor }
        func ints(_ key: String) -> SpatialParameter { SpatialParameter(json[key]?.ints ?? []) }
        var padding: ConvPadding {
            if let name = json["padding"]?.string { return name == "same" ? .same : .valid }
            return .explicit(json["padding"]?.ints ?? [])
        }

        func backward(mask: ConvGradientMask = .all) throws(EngineError) -> ConvGradients {
            try Convolution.backward(
                gradOutput: tensor("grad_output")!, input: tensor("input")!, weight: tensor("weight")!,
                hasBias: json["has_bias"]?.bool ?? false, spatialRank: json["rank"]!.int!,
                stride: ints("stride"), padding: padding, dilation: ints("dilation"), groups: json["groups"]!.int!,
                transposed: transposed, outputPadding: ints("output_padding"), outputMask: mask)
        }
    }

    static let cases: [Case] = Fixtures.cases("conv_backward").map(Case.init)

    /// The relative error measure: the largest difference over the largest expected
    /// magnitude (at least 1).
    static func error(_ actual: Tensor, _ expected: Tensor) -> Double {
        let a = actual.doubles, b = expected.doubles
        let scale = max(1, b.map(abs).max() ?? 0)
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }

    static func tolerance(_ dtype: DType) -> Double {
        switch dtype {
        case .float64: 1e-10
        case .bfloat16: 1e-2
        default: 1e-5
        }
    }

    @Test func fixtureCoversTheParameters() {
        #expect(Self.cases.count >= 150)
        #expect(Self.graphCases.count >= 18)
        let ids = Self.cases.map(\.testDescription)
        for rank in 1...3 {
            for kind in ["conv", "convT"] {
                #expect(ids.filter { $0.hasPrefix("\(kind)\(rank)d") || $0.hasSuffix("_\(kind)\(rank)d") }.count >= 10)
            }
        }
        #expect(Self.cases.contains { $0.padding == .same })
        #expect(Self.cases.contains { $0.tensor("input")!.dtype == .float64 })
        #expect(Self.cases.contains { $0.tensor("input")!.rank == $0.json["rank"]!.int! + 1 })
    }

    @Test(arguments: cases) func gradientsMatchPyTorch(_ c: Case) throws {
        let gradients = try c.backward()
        let expected = c.json["expected"]!
        let dtype = c.tensor("input")!.dtype
        for (name, actual) in [("input", gradients.input), ("weight", gradients.weight), ("bias", gradients.bias)] {
            guard let want = expected[name]?.tensor else {
                #expect(actual == nil, "\(name) gradient without a bias")
                continue
            }
            guard let actual else { Issue.record("no \(name) gradient"); continue }
            #expect(actual.shape == want.shape, "\(name) shape")
            #expect(actual.dtype == want.dtype, "\(name) dtype")
            guard actual.shape == want.shape else { continue }
            let error = Self.error(actual, want)
            #expect(error <= Self.tolerance(dtype), "\(name) gradient off by \(error)")
        }
    }

    /// Each gradient alone is the same as with the others (one mask bit per call).
    @Test func maskComputesOnlyWhatIsAsked() throws {
        for c in Self.cases.prefix(40) {
            let all = try c.backward()
            for (bit, path) in [(ConvGradientMask.input, \ConvGradients.input), (.weight, \.weight), (.bias, \.bias)] {
                let alone = try c.backward(mask: bit)
                for other in [\ConvGradients.input, \.weight, \.bias] where other != path {
                    #expect(alone[keyPath: other] == nil)
                }
                if let one = alone[keyPath: path], let both = all[keyPath: path] {
                    #expect(one.doubles == both.doubles, "\(c.testDescription)")
                } else {
                    #expect((alone[keyPath: path] == nil) == (all[keyPath: path] == nil))
                }
            }
        }
    }

    /// Threads change only who computes what: one thread and several give the same
    /// gradients to the last bit but for the order of the per-thread partial sums.
    @Test func threadCountsAgree() throws {
        for c in Self.cases.filter({ $0.tensor("input")!.dtype == .float64 }).prefix(20) {
            let one = try EngineContext(computeThreads: 1).run { () throws(EngineError) in try c.backward() }
            let three = try EngineContext(computeThreads: 3).run { () throws(EngineError) in try c.backward() }
            for path in [\ConvGradients.input, \.weight, \.bias] {
                if let a = one[keyPath: path], let b = three[keyPath: path] {
                    #expect(Self.error(b, a) <= 1e-12, "\(c.testDescription)")
                }
            }
        }
    }

    /// Larger problems than the fixture's, where a thread's block holds only a slice of
    /// the output positions (64 channels of 5x5 taps over 46x46 positions) or several
    /// samples, and threads split samples, channels or positions, against the weight
    /// gradient's direct definition, with one thread and with two.
    @Test func weightGradientSlicesMatchTheDefinition() throws {
        let random = RandomGenerator(seed: 11)
        for (batch, channels, size) in [(1, 64, 48), (2, 64, 48), (7, 3, 6), (1, 1, 20)] {
            let x = try random.rand([batch, channels, size, size], dtype: .float64)
            let w = try random.rand([3, channels, 5, 5], dtype: .float64)
            let out = size + 2 * 1 - 5 + 1
            let gy = try random.rand([batch, 3, out, out], dtype: .float64)
            let expected = try Self.directWeightGradient(gy, x, weightShape: w.shape.dimensions, stride: 1, padding: 1)
            for threads in [1, 2] {
                let g = try EngineContext(computeThreads: threads).run { () throws(EngineError) in
                    try Convolution.backward(gradOutput: gy, input: x, weight: w, hasBias: false, spatialRank: 2,
                                             padding: 1, outputMask: .weight)
                }
                #expect(Self.error(g.weight!, expected) <= 1e-12, "batch \(batch), \(threads) threads")
            }
        }
    }

    /// `gradWeight[o, c, a, b] = sum gy[n, o, y, x] * x[n, c, y*s - p + a, x*s - p + b]`.
    static func directWeightGradient(_ gy: Tensor, _ x: Tensor, weightShape: [Int], stride: Int, padding: Int) throws -> Tensor {
        let (g, input) = (gy.doubles, x.doubles)
        let (batch, channels, size) = (x.shape[0], x.shape[1], x.shape[2])
        let (outChannels, out, k) = (gy.shape[1], gy.shape[2], weightShape[2])
        var result = [Double](repeating: 0, count: weightShape.reduce(1, *))
        for n in 0..<batch {
            for o in 0..<outChannels {
                for c in 0..<channels {
                    for a in 0..<k {
                        for b in 0..<k {
                            var sum = 0.0
                            for y in 0..<out {
                                let iy = y * stride - padding + a
                                guard iy >= 0, iy < size else { continue }
                                for xo in 0..<out {
                                    let ix = xo * stride - padding + b
                                    guard ix >= 0, ix < size else { continue }
                                    sum += g[((n * outChannels + o) * out + y) * out + xo]
                                        * input[((n * channels + c) * size + iy) * size + ix]
                                }
                            }
                            result[((o * channels + c) * k + a) * k + b] += sum
                        }
                    }
                }
            }
        }
        return try Tensor(shape: weightShape, elements: result)
    }

    static let graphCases: [Case] = {
        guard let url = Bundle.module.url(forResource: "conv_backward", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let root = try? JSONDecoder().decode(FixtureJSON.self, from: data) else { return [] }
        return (root["graph_cases"]?.array ?? []).map(Case.init)
    }()

    /// Convolutions recorded through autograd as PyTorch records them: the `grad_fn`
    /// name, the convolution node's `next_functions` and those of its input's node
    /// (`UnsqueezeBackward0`, `ConstantPadNdBackward0`), and the gradients a backward pass
    /// accumulates into the leaves; or ConvLab's refusal where PyTorch's graph has a pad
    /// node ConvLab does not record yet.
    @Test(arguments: graphCases) func recordsTheGraphAsPyTorch(_ c: Case) throws {
        try EngineContext().run { () throws in
            let requires = Set(c.json["requires"]?.array?.compactMap(\.string) ?? [])
            let x = c.tensor("input")!, w = c.tensor("weight")!, b = c.tensor("bias")
            for (name, t) in [("input", x), ("weight", w), ("bias", b)] where requires.contains(name) { try t?.setRequiresGrad(true) }
            let rank = c.json["rank"]!.int!
            let run = { () throws(EngineError) -> Tensor in
                c.transposed
                    ? try Convolution.transposedConvolution(x, weight: w, bias: b, spatialRank: rank, stride: c.ints("stride"),
                                                            padding: SpatialParameter(c.json["padding"]!.ints!),
                                                            outputPadding: c.ints("output_padding"), groups: c.json["groups"]!.int!,
                                                            dilation: c.ints("dilation"))
                    : try Convolution.convolution(x, weight: w, bias: b, spatialRank: rank, stride: c.ints("stride"),
                                                  padding: c.padding, dilation: c.ints("dilation"), groups: c.json["groups"]!.int!,
                                                  paddingMode: ConvPaddingMode(rawValue: c.json["padding_mode"]!.string!)!)
            }
            if c.json["refused"]?.bool == true {
                do {
                    _ = try run()
                    Issue.record("not refused")
                } catch let error as EngineError {
                    #expect(error.pythonType == "NotImplementedError")
                }
                return
            }
            let y = try run()
            #expect(y.gradFn?.name == c.json["grad_fn"]?.string)
            let conv = y.gradFn?.name == "ConvolutionBackward0" ? y.gradFn : y.gradFn?.nextEdges.first??.node
            let next = conv?.nextEdges.map { $0?.node.name }
            #expect(next == c.json["conv_next_functions"]?.array?.map(\.string))
            let inputNode = conv?.nextEdges.first??.node
            #expect((inputNode?.nextEdges.map { $0?.node.name } ?? []) == c.json["input_next_functions"]?.array?.map(\.string))
            try y.backward(gradient: c.tensor("grad_output")!)
            for (name, t) in [("input", x), ("weight", w), ("bias", b)] {
                guard let want = c.json["expected"]?[name]?.tensor else {
                    #expect(t?.grad == nil, "\(name) got a gradient")
                    continue
                }
                guard let got = t?.grad else { Issue.record("no \(name) gradient"); continue }
                #expect(got.shape == want.shape && Self.error(got, want) <= 1e-5, "\(name) gradient")
            }
        }
    }

    @Test func refusesFloat16AndMismatchedGradients() throws {
        let x = try Tensor(shape: [1, 1, 4, 4], elements: [Float](repeating: 1, count: 16))
        let w = try Tensor(shape: [1, 1, 3, 3], elements: [Float](repeating: 1, count: 9))
        #expect(throws: EngineError.self) {
            try Convolution.backward(gradOutput: try Tensor(shape: [1, 1, 3, 3], elements: [Float](repeating: 1, count: 9)),
                                     input: x, weight: w, hasBias: false, spatialRank: 2)
        }
        let half = Tensor(shape: [1, 1, 2, 2], storage: TensorStorage.float32([1, 1, 1, 1]).converted(to: .float16))
        do {
            _ = try Convolution.backward(gradOutput: half, input: x, weight: w, hasBias: false, spatialRank: 2)
            Issue.record("float16 was not refused")
        } catch {
            #expect(error.pythonType == "NotImplementedError")
        }
    }

    @Test func cancellationStopsTheBackward() throws {
        let x = try Tensor(shape: [2, 3, 8, 8], elements: [Float](repeating: 1, count: 384))
        let w = try Tensor(shape: [4, 3, 3, 3], elements: [Float](repeating: 1, count: 108))
        let gy = try Tensor(shape: [2, 4, 6, 6], elements: [Float](repeating: 1, count: 288))
        let flag = CancellationFlag()
        flag.cancel()
        do {
            _ = try Convolution.backward(gradOutput: gy, input: x, weight: w, hasBias: true, spatialRank: 2, cancellation: flag)
            Issue.record("a raised flag did not stop the backward")
        } catch {
            #expect(error.kind == .cancelled)
        }
    }
}
