import Foundation
import Testing
@testable import ConvLang

/// Every experiment of the articles (E1-E18 of experiments.md) as a script in the
/// articles' style, run through the real `convlab run`: its output must equal the
/// reviewed snapshot beside it, and the exact results are also checked here by value.
@Suite struct ExperimentScriptTests {
    static let scripts: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.directory.appendingPathComponent("experiments").path)) ?? []
        return names.filter { $0.hasSuffix(".py") }.sorted()
    }()

    @Test func allEighteenExperimentsHaveScripts() {
        #expect(Self.scripts.count == 18)
        #expect(Self.scripts.first == "E01_same_padding.py" && Self.scripts.last == "E18_output_padding_error.py")
    }

    @Test(arguments: scripts)
    func scriptMatchesItsSnapshot(_ script: String) throws {
        let folder = Fixtures.directory.appendingPathComponent("experiments")
        let base = folder.appendingPathComponent(String(script.dropLast(3)))
        let expectedOut = try String(contentsOf: base.appendingPathExtension("out"), encoding: .utf8)
        let expectedErr = try String(contentsOf: base.appendingPathExtension("err"), encoding: .utf8)
        let run = try ConvLabExecutable.run(["run", folder.appendingPathComponent(script).path])
        #expect(run.stdout == expectedOut)
        #expect(run.stderr.replacingOccurrences(of: folder.path + "/", with: "") == expectedErr)
        #expect(run.status == (expectedErr.isEmpty ? 0 : 1))
    }

    /// The exact results of experiments.md, by value rather than by snapshot.
    @Test func exactResults() throws {
        let out = { (name: String) throws -> String in
            let url = Fixtures.directory.appendingPathComponent("experiments/\(name).out")
            return try String(contentsOf: url, encoding: .utf8)
        }
        #expect(try out("E01_same_padding").contains("torch.Size([1, 3, 32, 32])"))
        #expect(try out("E03_beyond_full_padding").contains("tensor(True) tensor(True) tensor(True) tensor(True)"))
        #expect(try out("E04_transposed_equals_conv").contains("transposed_conv_outputs.size torch.Size([1, 1, 30, 30])\nconv_outputs.size torch.Size([1, 1, 30, 30])\ntensor(True)\nTrue"))
        #expect(try out("E06_stride_inserts_zeros") == "torch.Size([1, 1, 92, 92])\n")
        #expect(try out("E07_transposed_restores_size") == "torch.Size([1, 1, 21, 21])\ntorch.Size([1, 1, 32, 32])\n")
        #expect(try out("E08_output_padding") == "torch.Size([1, 1, 3, 3])\ntorch.Size([1, 1, 3, 3])\ntorch.Size([1, 1, 7, 7])\ntorch.Size([1, 1, 8, 8])\n")
        let e9 = "tensor([[ 1.,  4.,  7.,  6.],\n        [ 8., 26., 38., 27.],\n        [23., 62., 74., 48.],\n        [28., 67., 76., 45.]])"
        #expect(try out("E09_tensorflow_example") == "\(e9)\n\(e9)\nTrue\n")
        #expect(try out("E11_scatter_add") == "tensor([[ 0.,  0.,  1.],\n        [ 0.,  4.,  6.],\n        [ 4., 12.,  9.]])\n")
        #expect(try out("E12_padding_and_stride").contains("tensor([[[[4.]]]], grad_fn=<ConvolutionBackward0>)\ntensor([[[[0., 0., 0., 1.],\n          [0., 0., 2., 3.],\n          [0., 2., 0., 3.],\n          [4., 6., 6., 9.]]]], grad_fn=<ConvolutionBackward0>)"))
        #expect(try out("E13_multichannel") == "torch.Size([1, 20, 6, 6])\nTrue\n")
        #expect(try out("E15_double_size") == "torch.Size([1, 16, 32, 32])\n")
        #expect(try out("E16_general_recipe").hasSuffix("True\n"))
        #expect(try out("E17_same_upsampling") == "torch.Size([1, 1, 10, 10])\n")
        #expect(try out("E02_full_padding") == "torch.Size([1, 1, 4, 4])\ntensor(True)\n")
        for name in ["E05_padding_crops", "E10_matrix_form", "E14_recipe_intermediates"] {
            #expect(try out(name).hasSuffix("True\n"), "\(name)")
        }
    }

    @Test func runReadsStandardInputAndReportsMissingFiles() throws {
        let piped = try ConvLabExecutable.run(["run", "-"], stdin: "print(torch.ones(2).sum())\n")
        #expect(piped.status == 0 && piped.stdout == "tensor(2.)\n")
        let missing = try ConvLabExecutable.run(["run", "/nonexistent/script.py"])
        #expect(missing.status != 0 && missing.stderr.contains("can't open file"))
        let failing = try ConvLabExecutable.run(["run", "-"], stdin: "x = 1\ny = x.size()\n")
        #expect(failing.status == 1)
        #expect(failing.stderr == "AttributeError: 'int' object has no attribute 'size'\n --> <stdin>:2:7\n 2 | y = x.size()\n   |       ^~~~\n")
    }
}

@Suite struct RunCommandTests {
    @Test func elementCapIsConfigurable() throws {
        let small = try ConvLabExecutable.run(["run", "--max-elements", "100", "-"], stdin: "x = torch.zeros(10, 11)\n")
        #expect(small.status == 1)
        #expect(small.stderr.hasPrefix("LimitError: a tensor of shape [10, 11] would hold more than 100 elements, ConvLab's limit"))
        let fine = try ConvLabExecutable.run(["run", "--max-elements", "100", "-"], stdin: "print(torch.zeros(10, 10).numel())\n")
        #expect(fine.status == 0 && fine.stdout == "100\n")
    }

    @Test func warningsGoToStandardErrorAndOutputToStandardOutput() throws {
        let run = try ConvLabExecutable.run(["run", "-"], stdin: "warn('look')\nprint('done')\n")
        #expect(run.status == 0 && run.stdout == "done\n" && run.stderr == "UserWarning: look\n")
    }
}
