import Testing
@testable import ConvLang

/// Printouts as PyTorch and Python make them (expected texts written from PyTorch 2.x
/// sessions' formats: `torch/_tensor_str.py` and Python's repr).
@Suite struct PrintingTests {
    @Test(arguments: [
        ("torch.tensor([[0., 1.], [2., 3.]])", "tensor([[0., 1.],\n        [2., 3.]])"),
        ("torch.tensor([0.1, 2.5])", "tensor([0.1000, 2.5000])"),
        ("torch.tensor([1e-5, 1.0])", "tensor([1.0000e-05, 1.0000e+00])"),
        ("torch.tensor([1.0, 2000.0])", "tensor([1.0000e+00, 2.0000e+03])"),
        ("torch.tensor([-1.5, 0.25])", "tensor([-1.5000,  0.2500])"),
        ("torch.tensor([1, 2, 30])", "tensor([ 1,  2, 30])"),
        ("torch.tensor([True, False])", "tensor([ True, False])"),
        ("torch.tensor(3.5)", "tensor(3.5000)"),
        ("torch.tensor(2)", "tensor(2)"),
        ("torch.ones(2, dtype=torch.float64)", "tensor([1., 1.], dtype=torch.float64)"),
        ("torch.zeros(0)", "tensor([])"),
        ("torch.zeros(2, 0)", "tensor([], size=(2, 0))"),
        ("torch.zeros(0, dtype=torch.int64)", "tensor([], dtype=torch.int64)"),
        ("torch.tensor([float('nan'), 1.0])", "tensor([nan, 1.])"),
        ("torch.arange(12).reshape(2, 2, 3)", "tensor([[[ 0,  1,  2],\n         [ 3,  4,  5]],\n\n        [[ 6,  7,  8],\n         [ 9, 10, 11]]])"),
        ("torch.Size([1, 1, 7, 7])", "torch.Size([1, 1, 7, 7])"),
        ("torch.ones(2).shape", "torch.Size([2])"),
        ("[0.1, 1.0, 1e-05, 2]", "[0.1, 1.0, 1e-05, 2]"),
        ("(1,)", "(1,)"),
        ("'it''s'", "'its'"),
        ("None", nil as String?),
        ("torch.float64", "torch.float64"),
        ("{'a': 1}", "{'a': 1}"),
    ] as [(String, String?)])
    func reprMatchesPyTorch(_ c: (String, String?)) throws {
        #expect(try Session().run(c.0) == c.1)
    }

    @Test func longTensorsAreSummarised() throws {
        // The summary's values span more than 1000x (1 to 1999), so PyTorch switches to
        // scientific notation; shifted to 1000..2999 they print as integers.
        #expect(try Session().run("torch.arange(2000).float()") == "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])")
        #expect(try Session().run("torch.arange(1000, 3000).float()") == "tensor([1000., 1001., 1002.,  ..., 2997., 2998., 2999.])")
        let matrix = try Session().run("torch.arange(40 * 40).reshape(40, 40)")!
        #expect(matrix.hasPrefix("tensor([[   0,    1,    2,  ...,   37,   38,   39],\n        [  40,   41,   42,  ...,   77,   78,   79],"))
        #expect(matrix.contains("        ...,\n"))
        #expect(matrix.hasSuffix("[1560, 1561, 1562,  ..., 1597, 1598, 1599]])"))
    }

    @Test func wideRowsWrapAtEightyColumns() throws {
        let text = try Session().run("torch.arange(20).float() / 3")!
        #expect(text == "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,\n        3.0000, 3.3333, 3.6667, 4.0000, 4.3333, 4.6667, 5.0000, 5.3333, 5.6667,\n        6.0000, 6.3333])")
    }

    @Test func layersParametersAndStateDicts() throws {
        let s = Session()
        #expect(try s.run("nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1)") == "ConvTranspose2d(1, 1, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))")
        #expect(try s.run("nn.Conv2d(3, 6, 5, padding='same', bias=False, padding_mode='reflect')") == "Conv2d(3, 6, kernel_size=(5, 5), stride=(1, 1), padding=same, bias=False, padding_mode=reflect)")
        #expect(try s.run("nn.ConvTranspose1d(4, 2, 3, groups=2, output_padding=1, stride=2, dilation=2)") == "ConvTranspose1d(4, 2, kernel_size=(3,), stride=(2,), dilation=(2,), output_padding=(1,), groups=2)")
        try s.run("c = nn.Conv2d(1, 1, 1, bias=False); c.weight.data.fill_(0.77)")
        #expect(try s.run("c.state_dict()") == "OrderedDict([('weight', tensor([[[[0.7700]]]]))])")
        #expect(try s.run("c.weight") == "Parameter containing:\ntensor([[[[0.7700]]]], requires_grad=True)")
        #expect(try s.run("c.weight.tolist()") == "[[[[0.7699999809265137]]]]")
    }

    @Test func printWritesStrAndWarningsGoToStandardError() throws {
        let s = Session()
        try s.run("print('size:', torch.ones(1, 2).size(), 3, 2.5, True, None, sep=' ')\nwarn('careful')")
        #expect(s.sink.stdout == "size: torch.Size([1, 2]) 3 2.5 True None\n")
        #expect(s.sink.stderr == "UserWarning: careful\n")
        try s.run("y = F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), padding='same')")
        #expect(s.sink.stderr.contains("UserWarning: Using padding='same' with even kernel lengths"))
    }

    /// A layer whose weight has no elements warns as `reset_parameters`' `kaiming_uniform_`
    /// does under PyTorch 2.15, once per place PyTorch raises it (conv.py for the
    /// convolutions, linear.py for Linear), and draws nothing from the generator.
    @Test func aZeroElementWeightWarnsOncePerPyTorchSource() throws {
        let s = Session()
        try s.run("torch.manual_seed(0)\na = nn.Conv2d(0, 4, 3)\nb = nn.ConvTranspose2d(4, 0, 3)\nc = nn.Conv2d(2, 0, 3)\nd = nn.Linear(0, 3)")
        #expect(s.sink.stderr == "UserWarning: Initializing zero-element tensors is a no-op\n"
            + "UserWarning: Initializing zero-element tensors is a no-op\n")
        #expect(try s.run("torch.rand(2)") == "tensor([0.8964, 0.4556])")
        try s.run("e = nn.Linear(3, 0)\nf = nn.Conv1d(1, 1, 1)")
        #expect(s.sink.stderr.components(separatedBy: "\n").count == 3)
    }

    @Test func trailingSemicolonAndAssignmentsShowNothing() throws {
        let s = Session()
        #expect(try s.run("x = 1") == nil)
        #expect(try s.run("x + 1;") == nil)
        #expect(try s.run("x + 1") == "2")
        #expect(try s.run("x") == "1")
    }
}

@Suite struct PrintArgumentTests {
    @Test func endAndSeparatorAndLegacyConstructor() throws {
        let s = Session()
        try s.run("print(1, 2, sep='-', end='!')\nprint('a')\nprint()\nprint(3, flush=True)")
        #expect(s.sink.stdout == "1-2!a\n\n3\n")
        #expect(try s.run("torch.Tensor(2, 3).shape") == "torch.Size([2, 3])")
        #expect(try s.run("torch.Tensor([1, 2]).dtype") == "torch.float32")
        #expect(try s.run("torch.Tensor(np.array([1.5]))") == "tensor([1.5000])")
    }
}
