import Testing
@testable import ConvEngine

/// Transposed convolutions whose output is 0, negative or 1 along some dimension, against
/// real PyTorch (`scripts/generate_transposed_size_fixtures.py`: 400 cases, 1-D to 3-D,
/// float32 and float64, one and two threads). PyTorch checks the output's size on its
/// matrix route only; where it takes oneDNN, an output of size 0 is an empty tensor and a
/// negative one is refused in oneDNN's words. Each case must give PyTorch's shape and
/// sum, or its error's first line.
@Suite struct TransposedOutputSizeTests {
    @Test func emptyOutputsAndRefusalsAsPyTorchGivesThem() throws {
        let fixture = try Fixtures.json("transposed_output_sizes")
        let cases = try #require(fixture["cases"] as? [[String: Any]])
        #expect(cases.count == 400)
        var kinds: [String: Int] = [:]
        for c in cases {
            let layer = try GeneratedLayer(c)
            let dtype: DType = c["dtype"] as? String == "float64" ? .float64 : .float32
            // The generator's operands: small multiples of 1/2, 1/4 and 1/8, so sums are exact.
            func values(_ shape: [Int], modulo: Double, offset: Double, scale: Double) throws -> Tensor {
                let count = shape.reduce(1, *)
                return try Tensor(shape: shape, elements: (0..<count).map { (Double($0).truncatingRemainder(dividingBy: modulo) - offset) / scale })
                    .converted(to: dtype)
            }
            let x = try values([layer.batch, layer.inChannels] + layer.size, modulo: 7, offset: 3, scale: 2)
            let w = try values([layer.inChannels, layer.outChannels / layer.groups] + layer.kernel, modulo: 5, offset: 2, scale: 4)
            let b = try values([layer.outChannels], modulo: .infinity, offset: 0, scale: 8)
            let outcome = Result { () throws(EngineError) -> Tensor in
                try EngineContext(computeThreads: layer.threads, maxMemory: nil).run { () throws(EngineError) -> Tensor in
                    try Convolution.transposedConvolution(
                        x, weight: w, bias: b, spatialRank: layer.rank, stride: SpatialParameter(layer.stride),
                        padding: SpatialParameter(layer.padding), outputPadding: SpatialParameter(layer.outputPadding),
                        groups: layer.groups, dilation: SpatialParameter(layer.dilation))
                }
            }
            if let expected = c["error"] as? String {
                kinds[expected.hasPrefix("could not") ? "oneDNN refusal" : "too small", default: 0] += 1
                guard case .failure(let error) = outcome else {
                    Issue.record("\(c): no error, PyTorch: \(expected)")
                    continue
                }
                #expect(error.message == expected, "\(c)")
            } else {
                let shape = try #require(c["shape"] as? [Int]), sum = try #require(c["sum"] as? Double)
                kinds[shape.contains(0) ? "empty" : "computed", default: 0] += 1
                guard case .success(let y) = outcome else {
                    Issue.record("\(c): \(outcome), PyTorch: shape \(shape)")
                    continue
                }
                #expect(y.shape.dimensions == shape, "\(c)")
                #expect(y.doubles.reduce(0, +) == sum, "\(c)")
            }
        }
        // Every kind occurs.
        for kind in ["oneDNN refusal", "too small", "empty", "computed"] { #expect(kinds[kind, default: 0] >= 20, "\(kind): \(kinds)") }
    }
}
