import Foundation
import Testing
@testable import ConvEngine

/// Convolutions of several samples that PyTorch computes on its matrix route (thnn:
/// float32 where it leaves oneDNN, and every float64 one) against PyTorch's own results
/// (Fixtures/weight_gradient_bits.json, from scripts/generate_weight_gradient_fixtures.py),
/// each case with the thread count PyTorch had.
///
/// There PyTorch adds each sample's product into the weight gradient in turn, and
/// ``ConvKernels/weightGradientInSampleOrder(columns:image:gradWeight:geometry:resources:cancellation:)``
/// does the same. Inside one product the order is the BLAS's own: PyTorch's MKL sums
/// some shapes (few column-side channels, most float32 1x1 cases) in vector lanes that
/// OpenBLAS does not, so only the cases listed in ``exactWeightGradients`` are compared
/// bit for bit, and only when OpenBLAS runs its AVX2 kernels (`OPENBLAS_CORETYPE=Haswell`,
/// as the kernel sets for itself); every case is compared within a tight bound.
@Suite(.ownEngineContext) struct WeightGradientBitsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let json: FixtureJSON
        var testDescription: String { json["id"]?.string ?? "?" }

        func tensor(_ key: String) -> Tensor? { json[key].flatMap(WeightGradientBitsTests.tensor) }
        func ints(_ key: String) -> SpatialParameter { SpatialParameter(json[key]?.ints ?? []) }
        var transposed: Bool { json["transposed"]?.bool ?? false }
        var rank: Int { json["rank"]!.int! }
        var threads: Int { json["threads"]!.int! }

        func forward() throws(EngineError) -> Tensor {
            let x = tensor("input")!, w = tensor("weight")!, b = tensor("bias")
            let groups = json["groups"]!.int!
            if transposed {
                return try Convolution.transposedConvolution(
                    x, weight: w, bias: b, spatialRank: rank, stride: ints("stride"), padding: ints("padding"),
                    outputPadding: ints("output_padding"), groups: groups, dilation: ints("dilation"))
            }
            return try Convolution.convolution(x, weight: w, bias: b, spatialRank: rank, stride: ints("stride"),
                                               padding: .explicit(json["padding"]!.ints!), dilation: ints("dilation"),
                                               groups: groups)
        }

        func backward() throws(EngineError) -> ConvGradients {
            try Convolution.backward(
                gradOutput: tensor("grad_output")!, input: tensor("input")!, weight: tensor("weight")!,
                hasBias: tensor("bias") != nil, spatialRank: rank, stride: ints("stride"),
                padding: .explicit(json["padding"]!.ints!), dilation: ints("dilation"), groups: json["groups"]!.int!,
                transposed: transposed, outputPadding: ints("output_padding"))
        }
    }

    static let cases: [Case] = Fixtures.cases("weight_gradient_bits").map(Case.init)

    /// `{"shape", "dtype", "bits"}`: the elements' bit patterns as big-endian hex, 8
    /// digits each for float32 and 16 for float64.
    static func tensor(_ json: FixtureJSON) -> Tensor? {
        guard let shape = json["shape"]?.ints, let dtype = json["dtype"]?.string,
              let bits = json["bits"]?.string?.utf8 else { return nil }
        let digits = dtype == "float64" ? 16 : 8
        var words: [UInt64] = []
        words.reserveCapacity(bits.count / digits)
        var word: UInt64 = 0, count = 0
        for c in bits {
            guard let digit = Int(String(UnicodeScalar(c)), radix: 16) else { return nil }
            word = word << 4 | UInt64(digit)
            count += 1
            if count == digits { words.append(word); (word, count) = (0, 0) }
        }
        guard count == 0 else { return nil }
        return dtype == "float64"
            ? try? Tensor(shape: shape, elements: words.map { Double(bitPattern: $0) })
            : try? Tensor(shape: shape, elements: words.map { Float(bitPattern: UInt32($0)) })
    }

    /// How many elements differ in their bits (shapes and dtypes must match).
    static func differing(_ actual: Tensor, _ expected: Tensor) -> Int {
        guard actual.shape == expected.shape, actual.dtype == expected.dtype else { return -1 }
        if expected.dtype == .float64 {
            return zip(actual.elements(as: Double.self), expected.elements(as: Double.self))
                .filter { $0.bitPattern != $1.bitPattern }.count
        }
        return zip(actual.elements(as: Float.self), expected.elements(as: Float.self))
            .filter { $0.bitPattern != $1.bitPattern }.count
    }

    @Test func fixtureCoversTheMatrixRoute() {
        #expect(Self.cases.count >= 40)
        let backends = Set(Self.cases.compactMap { $0.json["backend"]?.string })
        #expect(backends == ["Slow2d", "Slow3d", "SlowDilated2d", "SlowTranspose2d", "SlowTranspose3d"])
        #expect(Self.cases.contains { $0.threads > 1 && $0.tensor("input")!.dtype == .float32 })
        #expect(Self.cases.allSatisfy { $0.tensor("input")!.shape[0] > 1 })
    }

    /// ConvLab's plan agrees that PyTorch leaves oneDNN for every float32 case.
    @Test(arguments: cases.filter { $0.tensor("input")!.dtype == .float32 })
    func pyTorchTakesItsMatrixRoute(_ c: Case) throws {
        let x = c.tensor("input")!, w = c.tensor("weight")!
        let groups = c.json["groups"]!.int!, inChannels = x.shape[1]
        let outChannels = c.transposed ? w.shape[1] * groups : w.shape[0]
        let size = Array(x.shape.dimensions.dropFirst(2))
        // The predicate reads the input's side only; the other side's sizes are unused.
        let g = ConvGeometry(batch: x.shape[0], groups: groups,
                             imageChannelsPerGroup: (c.transposed ? outChannels : inChannels) / groups,
                             columnChannelsPerGroup: (c.transposed ? inChannels : outChannels) / groups,
                             imageSize: size, columnSize: size, kernel: Array(w.shape.dimensions.dropFirst(2)),
                             stride: c.json["stride"]!.ints!, paddingBefore: c.json["padding"]!.ints!,
                             dilation: c.json["dilation"]!.ints!)
        #expect(!PyTorchBackend.usesOneDNN(g, spatialRank: c.rank, transposed: c.transposed,
                                           outputPadding: c.json["output_padding"]!.ints!, threads: c.threads))
    }

    /// The cases whose weight gradient PyTorch's BLAS sums in OpenBLAS's order inside
    /// each product (AVX2 kernels), so that adding the samples in PyTorch's order gives
    /// its bits: float32 1x1 convolutions with six or more column-side channels, 1-d
    /// transposed ones, float64 1-d and 3x3 ones, with one thread and two.
    static let exactWeightGradients: Set<String> = [
        "conv2d_1x1_c4_o8_n4", "conv1d_1x1_c3_o12_n5", "conv1d_1x1_c6_o6_n2", "conv1d_1x1_c2_o32_n3",
        "convT1d_outpad_t1", "convT1d_outpad_t2", "convT1d_outpad_c6_o2",
        "f64_conv1d_t1", "f64_conv1d_t2", "f64_conv2d_3x3_t1", "f64_conv2d_3x3_t2",
    ]

    /// Whether OpenBLAS runs its AVX2 kernels (a virtual machine hiding its CPU model
    /// makes it fall back to SSE3 ones, and a CPU with AVX-512 gets AVX-512 ones, which
    /// sum in other orders; `scripts/test.sh` runs the tests on convlab's own choice).
    static let runsAVX2Kernels = BLASCore.runsAVX2Kernels

    /// `max|actual - expected| / max(1, max|expected|)`.
    static func error(_ actual: Tensor, _ expected: Tensor) -> Double {
        let scale = max(1, expected.doubles.map(abs).max() ?? 0)
        return zip(actual.doubles, expected.doubles).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }

    /// The output and every gradient within a few units in the last place of the
    /// largest value (2e-6 in float32, 1e-14 in float64), whichever kernels OpenBLAS runs.
    @Test(arguments: cases) func gradientsAndOutputAreClose(_ c: Case) throws {
        let expected = c.json["expected"]!
        let (output, gradients) = try EngineContext(computeThreads: c.threads).run { () throws(EngineError) in
            (try c.forward(), try c.backward())
        }
        let tolerance = output.dtype == .float64 ? 1e-14 : 2e-6
        let results = [("output", output), ("input", gradients.input), ("weight", gradients.weight),
                       ("bias", gradients.bias)]
        for (name, actual) in results {
            guard let want = expected[name].flatMap(Self.tensor) else {
                #expect(actual == nil, "\(name) without a bias")
                continue
            }
            guard let actual else { Issue.record("no \(name)"); continue }
            #expect(actual.shape == want.shape && actual.dtype == want.dtype, "\(name) shape or dtype")
            let error = Self.error(actual, want)
            #expect(error <= tolerance, "\(name) off by \(error)")
        }
    }

    @Test func exactCasesAreInTheFixture() {
        let ids = Set(Self.cases.map(\.testDescription))
        #expect(Self.exactWeightGradients.isSubset(of: ids))
    }

    /// PyTorch's bits, on OpenBLAS's AVX2 kernels, where its BLAS sums each product in
    /// the same order (``exactWeightGradients``).
    @Test(.enabled(if: runsAVX2Kernels, "OpenBLAS runs pre-AVX2 kernels: run with OPENBLAS_CORETYPE=Haswell"),
          arguments: cases.filter { exactWeightGradients.contains($0.testDescription) })
    func weightGradientIsPyTorchsBits(_ c: Case) throws {
        let want = try #require(c.json["expected"]!["weight"].flatMap(Self.tensor))
        let gradients = try EngineContext(computeThreads: c.threads).run { () throws(EngineError) in try c.backward() }
        let off = Self.differing(try #require(gradients.weight), want)
        #expect(off == 0, "\(off) of \(want.shape.elementCount) elements differ")
    }

    /// The sample-order route's threads take shares of the image channels (one thread
    /// when there is one), and lower a large sample a few channels at a time: the same
    /// bits whatever the thread count (on OpenBLAS's AVX2 kernels), and the definition's
    /// values (float64, which always takes the route).
    @Test(arguments: [(2, 3, 4, 9, 3), (3, 1, 6, 12, 3), (2, 64, 2, 64, 3), (4, 4, 4, 7, 1)])
    func sampleOrderIsTheSameOnEveryThreadCount(
        batch: Int, channels: Int, outChannels: Int, size: Int, kernel: Int
    ) throws {
        let random = RandomGenerator(seed: 23)
        let x = try random.rand([batch, channels, size, size], dtype: .float64)
        let w = try random.rand([outChannels, channels, kernel, kernel], dtype: .float64)
        let out = size + 2 - kernel + 1
        let gy = try random.rand([batch, outChannels, out, out], dtype: .float64)
        let expected = try ConvolutionBackwardTests.directWeightGradient(gy, x, weightShape: w.shape.dimensions,
                                                                         stride: 1, padding: 1)
        var first: [UInt64]?
        for threads in [1, 2, 3] {
            let g = try EngineContext(computeThreads: threads).run { () throws(EngineError) in
                try Convolution.backward(gradOutput: gy, input: x, weight: w, hasBias: false, spatialRank: 2,
                                         padding: 1, outputMask: .weight)
            }
            // OpenBLAS's pre-AVX2 kernels sum a product's last rows in another order.
            let bits = g.weight!.elements(as: Double.self).map(\.bitPattern)
            #expect(!Self.runsAVX2Kernels || bits == (first ?? bits), "\(threads) threads")
            first = first ?? bits
            #expect(Self.error(g.weight!, expected) <= 1e-12)
        }
    }
}
