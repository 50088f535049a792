import Foundation
import Testing

/// Tutorial code as published, run through the real `convlab run`: d2l's "Transposed
/// Convolution" chapter, article 002 of the sources, PyTorch's DCGAN generator and a
/// U-Net decoder (`Fixtures/tutorials/<name>.py`). Each must print exactly what it
/// prints under CPython and PyTorch (`<name>.out`, written by
/// `scripts/generate_tutorial_fixtures.py`), with nothing on standard error.
@Suite struct TutorialScriptTests {
    static let folder = Fixtures.directory.appendingPathComponent("tutorials")
    static let scripts: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".py") }.sorted()
    }()

    @Test func theTutorialsAreAllThere() {
        #expect(Self.scripts == ["article002_transposed_convolution.py", "d2l_transposed_conv.py", "dcgan_generator.py", "unet_decoder.py"])
    }

    @Test(arguments: scripts)
    func scriptPrintsWhatPyTorchPrints(_ script: String) throws {
        let expected = try String(contentsOf: Self.folder.appendingPathComponent(String(script.dropLast(3)) + ".out"), encoding: .utf8)
        let run = try ConvLabExecutable.run(["run", Self.folder.appendingPathComponent(script).path])
        // Layer outputs print PyTorch's `grad_fn=<ConvolutionBackward0>` too.
        #expect(run.stdout == expected)
        #expect(run.stderr == "")
        #expect(run.status == 0)
    }

    /// The results the chapter states, by value rather than by snapshot.
    @Test func theChaptersResults() throws {
        let out = try String(contentsOf: Self.folder.appendingPathComponent("d2l_transposed_conv.out"), encoding: .utf8)
        #expect(out.hasPrefix("tensor([[ 0.,  0.,  1.],\n        [ 0.,  4.,  6.],\n        [ 4., 12.,  9.]])\n"))
        #expect(out.contains("tensor([[[[4.]]]], grad_fn=<ConvolutionBackward0>)\n"))
        #expect(out.hasSuffix("tensor([[True, True, True],\n        [True, True, True],\n        [True, True, True]])\n"))
        let dcgan = try String(contentsOf: Self.folder.appendingPathComponent("dcgan_generator.out"), encoding: .utf8)
        #expect(dcgan.contains("12 ConvTranspose2d  (2, 3, 64, 64)\n"))
        let unet = try String(contentsOf: Self.folder.appendingPathComponent("unet_decoder.out"), encoding: .utf8)
        #expect(unet.contains("(12, 12) -> (24, 24) skip (25, 25)\n"))
    }
}
