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
            let rank = try #require(c["rank"] as? Int), transposed = try #require(c["transposed"] as? Bool)
            let groups = try #require(c["groups"] as? Int), batch = try #require(c["batch"] as? Int)
            let inChannels = try #require(c["in_channels"] as? Int), outChannels = try #require(c["out_channels"] as? Int)
            let size = try #require(c["size"] as? [Int]), kernel = try #require(c["kernel"] as? [Int])
            let stride = try #require(c["stride"] as? [Int]), dilation = try #require(c["dilation"] as? [Int])
            let padding = try #require(c["padding"] as? [Int]), outputPadding = try #require(c["output_padding"] as? [Int])
            let threads = try #require(c["threads"] as? Int), backend = try #require(c["backend"] as? String)
            seen.insert(backend)
            // The predicate reads the input's side only; the other side's sizes are unused.
            let geometry = ConvGeometry(
                batch: batch, groups: groups,
                imageChannelsPerGroup: (transposed ? outChannels : inChannels) / groups,
                columnChannelsPerGroup: (transposed ? inChannels : outChannels) / groups,
                imageSize: size, columnSize: size, kernel: kernel, stride: stride, paddingBefore: padding,
                dilation: dilation)
            let expected = backend == "Mkldnn" || backend == "MkldnnTranspose"
            #expect(PyTorchBackend.usesOneDNN(geometry, spatialRank: rank, transposed: transposed,
                                              outputPadding: outputPadding, threads: threads) == expected,
                    "\(c)")
        }
        #expect(seen.isSuperset(of: ["Mkldnn", "MkldnnTranspose", "Slow2d", "SlowTranspose2d", "SlowDilated2d"]))
    }
}
