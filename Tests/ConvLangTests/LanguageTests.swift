import ConvEngine
import Foundation
import Testing
@testable import ConvLang

@Suite struct LanguageTests {
    @Test func importsBindNamespacesAndNamesWorkWithAndWithoutPrefixes() throws {
        let s = Session()
        try s.run("import torch\nimport torch.nn as nn\nfrom torch import nn\nimport torch.nn.functional as F\nimport numpy as np\nfrom collections import OrderedDict")
        #expect(try s.run("torch.rand(2).shape == rand(2).shape") == "True")
        // One module, one function object: `is` holds, as in Python.
        #expect(try s.run("F.conv_transpose2d is torch.nn.functional.conv_transpose2d") == "True")
        #expect(try s.run("torch.nn.functional.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2)).shape") == "torch.Size([1, 1, 3, 3])")
        #expect(try s.run("conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2)).shape") == "torch.Size([1, 1, 3, 3])")
        try s.run("from torch.nn import functional as G")
        #expect(try s.run("G.pad(torch.ones(2), (1, 1)).tolist()") == "[0.0, 1.0, 1.0, 0.0]")
    }

    @Test func assignmentFormsAndStatementSeparators() throws {
        let s = Session()
        try s.run("X, K = torch.ones(2, 2), torch.zeros(2, 2); a = b = 3")
        #expect(try s.run("X.shape, K.sum().item(), a, b") == "(torch.Size([2, 2]), 0.0, 3, 3)")
        try s.run("y = torch.zeros(3, 3)\ny[0, 0] = 1\ny[1:, 1:] = torch.ones(2, 2) * 2\ny[2] += 1")
        #expect(try s.run("y.tolist()") == "[[1.0, 0.0, 0.0], [0.0, 2.0, 2.0], [1.0, 3.0, 3.0]]")
        try s.run("n = 1\nn += 2\nn *= 5")
        #expect(try s.run("n") == "15")
        try s.run("total = (1 +\n         2 +\n         3)  # continues inside brackets")
        #expect(try s.run("total") == "6")
        try s.run("q = 1 + \\\n    2")
        #expect(try s.run("q") == "3")
    }

    @Test func tensorsAreReferencesAsInPyTorch() throws {
        let s = Session()
        try s.run("conv = nn.ConvTranspose2d(1, 1, 2, bias=False)\nw = conv.weight\nK = torch.tensor([[0.0, 1.0], [2.0, 3.0]]).reshape(1, 1, 2, 2)")
        try s.run("w.data = K")
        #expect(try s.run("conv.weight.data.tolist()") == "[[[[0.0, 1.0], [2.0, 3.0]]]]")
        try s.run("conv.weight = nn.Parameter(K * 2)")
        #expect(try s.run("conv(torch.ones(1, 1, 1, 1)).tolist()") == "[[[[0.0, 2.0], [4.0, 6.0]]]]")
        try s.run("x = torch.zeros(2); alias = x; alias += 1")
        #expect(try s.run("x.tolist()") == "[1.0, 1.0]")
        try s.run("c = x.clone(); c += 1")
        #expect(try s.run("x.tolist(), c.tolist()") == "([1.0, 1.0], [2.0, 2.0])")
        let cast = s.failure("i = torch.arange(3); i += 0.5")
        #expect(cast?.message == "result type Float can't be cast to the desired output type Long")
    }

    @Test func sizesCompareWithTuplesNotLists() throws {
        let s = Session()
        // torch.Size is a tuple: PyTorch says a list is not equal to it.
        #expect(try s.run("torch.ones(1, 1, 7, 7).size() == [1, 1, 7, 7]") == "False")
        #expect(try s.run("torch.ones(1, 1, 7, 7).size() == (1, 1, 7, 7), [7, 7] != torch.Size([7, 7])") == "(True, True)")
        #expect(try s.run("torch.ones(2, 3).shape == (2, 3)") == "True")
        #expect(try s.run("torch.ones(2, 3).shape[1], torch.ones(2, 3).size(-1), len(torch.ones(2, 3).shape)") == "(3, 3, 2)")
        #expect(try s.run("torch.ones(2, 3, 4).shape[1:]") == "torch.Size([3, 4])")
    }

    @Test func reductionsAndRecords() throws {
        let s = Session()
        try s.run("x = torch.tensor([[1., 5.], [7., 3.]])")
        #expect(try s.run("x.max()") == "tensor(7.)")
        #expect(try s.run("x.max(dim=1)") == "torch.return_types.max(\nvalues=tensor([5., 7.]),\nindices=tensor([1, 0]))")
        #expect(try s.run("x.max(1).indices.tolist(), max(2, 9), min([4, 1, 3])") == "([1, 0], 9, 1)")
        #expect(try s.run("x.sum(dim=(0, 1), keepdim=True).shape") == "torch.Size([1, 1])")
        #expect(try s.run("torch.where(x > 4, x, 0).tolist()") == "[[0.0, 5.0], [7.0, 0.0]]")
        #expect(try s.run("((x > 2) & (x < 6)).tolist()") == "[[False, True], [False, True]]")
    }

    @Test func flippingLikeNumPy() throws {
        let s = Session()
        try s.run("k = torch.arange(4).float().reshape(1, 1, 2, 2)")
        // NumPy arrays step backwards (a view with negative strides); tensors refuse, as PyTorch does.
        try s.run("a = np.array(k)[:, :, ::-1, ::-1]")
        #expect(try s.run("a.strides") == "(16, 16, -8, -4)")
        #expect(try s.run("torch.equal(torch.Tensor(a.copy()), torch.flip(k, [2, 3]))") == "True")
        let refused = s.failure("k[:, :, ::-1, ::-1]")
        #expect(refused?.kind == "ValueError" && refused?.message == "step must be greater than zero")
        let unflipped = s.failure("torch.Tensor(a)")
        #expect(unflipped?.kind == "ValueError" && unflipped?.message.hasPrefix("At least one stride in the given numpy array is negative") == true)
        #expect(try s.run("np.array([1.0, 2.0]).dtype, np.array(k).dtype") == "(dtype('float64'), dtype('float32'))")
    }

    @Test func layerForwardWithOutputSizeAndStateDict() throws {
        let s = Session()
        try s.run("up = nn.ConvTranspose2d(1, 1, 3, stride=2)")
        #expect(try s.run("up(torch.rand(1, 1, 3, 3), output_size=[8, 8]).shape") == "torch.Size([1, 1, 8, 8])")
        #expect(try s.run("list(up.state_dict().keys())") == "['weight', 'bias']")
        #expect(try s.run("up.load_state_dict(up.state_dict())") == "<All keys matched successfully>")
        #expect(try s.run("up.kernel_size, up.stride, up.padding, up.out_channels") == "((3, 3), (2, 2), (0, 0), 1)")
        let wrong = s.failure("up(torch.rand(1, 1, 3, 3), output_size=[9, 9])")
        #expect(wrong?.kind == "ValueError")
    }

    @Test func seededLayersMatchPyTorch() throws {
        // torch.manual_seed(0); nn.ConvTranspose2d(1, 1, 3): the first weights PyTorch gives.
        let s = Session()
        try s.run("torch.manual_seed(0)\nlayer = nn.ConvTranspose2d(1, 1, 3)")
        #expect(try s.run("layer.weight.data.flatten()[:2].tolist()") == "[-0.0024956068955361843, 0.17881453037261963]")
    }

    @Test func helpAndQuestionMark() throws {
        let s = Session()
        try s.run("help(F.conv_transpose2d)")
        #expect(s.sink.stdout.hasPrefix("torch.nn.functional.conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)\n\n"))
        #expect(s.sink.stdout.contains("Example:\n    y = F.conv_transpose2d("))
        let t = Session()
        try t.run("x = torch.ones(2, 3)\nx?")
        #expect(t.sink.stdout.hasPrefix("x: Tensor of shape [2, 3], dtype torch.float32"))
        let u = Session()
        try u.run("torch.rand?")
        #expect(u.sink.stdout.hasPrefix("torch.rand(*size, dtype=None, requires_grad=False)"))
    }

    @Test func limitsGiveErrorsNotCrashes() throws {
        let s = Session()
        let big = s.failure("x = torch.zeros(100000, 100000)")
        #expect(big?.kind == "LimitError")
        let matrix = s.failure("C = conv_matrix(torch.zeros(1, 1, 64, 64), torch.ones(1, 1, 3, 3))")
        #expect(matrix?.kind == "LimitError")
        #expect(matrix?.message == "the matrix of this conv2d would be 3844 x 4096 = 15745024 entries; ConvLab builds it only up to 1000000 entries")
        #expect(try s.run("conv_matrix(torch.zeros(1, 1, 4, 4), torch.ones(1, 1, 3, 3)).shape") == "torch.Size([4, 16])")
        #expect(try s.run("conv_matrix(torch.zeros(1, 1, 2, 2), torch.ones(1, 1, 3, 3), transposed=True).shape") == "torch.Size([16, 4])")
        let overflow = s.failure("x = torch.ones(2 ** 40, 2 ** 40)")
        #expect(overflow?.kind == "LimitError")
        let deep = s.failure(String(repeating: "-", count: 5000) + "1")
        #expect(deep?.kind == "SyntaxError")
        let nested = s.failure(String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000))
        #expect(nested?.kind == "SyntaxError")
    }

    @Test func interruptStopsALongOperationAndKeepsEarlierState() throws {
        let s = Session()
        try s.run("kept = 41")
        let interpreter = s.interpreter
        let started = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        DispatchQueue.global().async {
            started.signal()
            // About 170 GFLOP: far longer than the wait below, on any machine.
            box.result = interpreter.run("kept = 42\nx = torch.ones(64, 64, 64, 64)\ny = F.conv2d(x, torch.ones(64, 64, 9, 9), padding=4)\nkept = 43")
            done.signal()
        }
        // Cancel once the run is under way (a loaded machine may start the thread late).
        started.wait()
        Thread.sleep(forTimeInterval: 0.3)
        let start = Date()
        interpreter.cancellation.cancel()
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(box.result?.error?.kind == "KeyboardInterrupt")
        interpreter.cancellation.reset()
        #expect(try s.run("kept") == "42")
    }

    final class ResultBox: @unchecked Sendable { var result: ExecutionResult? }
}

@Suite struct ToolingTests {
    @Test func completesNamesAttributesAndKeywords() throws {
        let s = Session()
        try s.run("inputs = torch.rand(1, 1, 4, 4)\nconv = nn.Conv2d(1, 1, 3)")
        let names = s.interpreter.complete("inp", cursor: 3)
        #expect(names.matches.contains("inputs") && names.cursorStart == 0 && names.cursorEnd == 3)
        let module = s.interpreter.complete("F.conv_t", cursor: 8)
        #expect(module.matches == ["conv_transpose1d", "conv_transpose2d", "conv_transpose3d"])
        #expect(module.cursorStart == 2)
        let methods = s.interpreter.complete("inputs.si", cursor: 9)
        #expect(methods.matches == ["sigmoid", "sin", "size"])
        let fields = s.interpreter.complete("conv.weight.da", cursor: 14)
        #expect(fields.matches == ["data", "data_ptr"])
        let layerFields = s.interpreter.complete("conv.ker", cursor: 8)
        #expect(layerFields.matches == ["kernel_size"])
        let keywords = s.interpreter.complete("nn.ConvTranspose2d(1, 1, 3, str", cursor: 31)
        #expect(keywords.matches.first == "stride=")
        let unicode = s.interpreter.complete("é = 1; inp", cursor: 10)
        #expect(unicode.cursorStart == 7 && unicode.matches.contains("inputs"))
    }

    @Test func inspectShowsHelpForTheNameUnderTheCursor() throws {
        let s = Session()
        #expect(s.interpreter.inspect("F.conv2d(x", cursor: 3)?.hasPrefix("torch.nn.functional.conv2d(") == true)
        #expect(s.interpreter.inspect("y = F.conv_transpose2d(x, ", cursor: 26)?.hasPrefix("torch.nn.functional.conv_transpose2d(") == true)
        #expect(s.interpreter.inspect("nothing_here", cursor: 5) == nil)
    }

    @Test(arguments: [
        ("x = 1", Completeness.complete), ("", .complete), ("x = torch.ones(1,", .incomplete(indent: "")),
        ("x = 1 + \\", .incomplete(indent: "")), ("y = x +", .incomplete(indent: "")), ("s = '''abc", .incomplete(indent: "")),
        ("x = )", .invalid), ("for i in range(3):", .incomplete(indent: "    ")), ("x = 3 $ 4", .invalid), ("x =", .incomplete(indent: "")),
        ("print(1)\nprint(2)", .complete),
    ])
    func isComplete(_ c: (String, Completeness)) {
        #expect(Completeness.check(c.0) == c.1)
    }
}

@Suite struct ExitTests {
    @Test func exitStopsTheRestOfTheCell() throws {
        let s = Session()
        try s.run("a = 1\nexit\na = 2")
        #expect(try s.run("a") == "1")
        try s.run("quit()\na = 3")
        #expect(try s.run("a") == "1")
        let run = try ConvLabExecutable.run(["run", "-"], stdin: "print('before')\nexit()\nprint('after')\n")
        #expect(run.status == 0 && run.stdout == "before\n")
    }
}
