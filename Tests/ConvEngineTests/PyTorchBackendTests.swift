import Testing
@testable import ConvEngine

/// `PyTorchBackend.usesOneDNN` against the backend real PyTorch selects
/// (`scripts/generate_backend_fixtures.py`: 400 float32 convolutions and transposed
/// convolutions of every rank, with one and two threads).
@Suite struct PyTorchBackendTests {
    @Test func oneDNNExactlyWherePyTorchChoosesIt() throws {
        let fixture = try Fixtures.json("pytorch_backends")
        let cases = try #require(fixture["cases"] as? [[String: Any]])
        #expect(cases.count == 400)
        #expect((fixture["torch"] as? String)?.hasPrefix("2.15") == true)
        var seen: Set<String> = []
        for c in cases {
            let layer = try GeneratedLayer(c)
            let transposed = try #require(c["transposed"] as? Bool), backend = try #require(c["backend"] as? String)
            seen.insert(backend)
            // The predicate reads the input's side only; the other side's sizes are unused.
            let geometry = ConvGeometry(
                batch: layer.batch, groups: layer.groups,
                imageChannelsPerGroup: (transposed ? layer.outChannels : layer.inChannels) / layer.groups,
                columnChannelsPerGroup: (transposed ? layer.inChannels : layer.outChannels) / layer.groups,
                imageSize: layer.size, columnSize: layer.size, kernel: layer.kernel, stride: layer.stride,
                paddingBefore: layer.padding, dilation: layer.dilation)
            let expected = backend == "Mkldnn" || backend == "MkldnnTranspose"
            #expect(PyTorchBackend.usesOneDNN(geometry, spatialRank: layer.rank, transposed: transposed,
                                              outputPadding: layer.outputPadding, threads: layer.threads) == expected,
                    "\(c)")
        }
        #expect(seen.isSuperset(of: ["Mkldnn", "MkldnnTranspose", "Slow2d", "SlowTranspose2d", "SlowDilated2d"]))
    }
}
