import Testing
@testable import ConvLang

/// Until ConvLab computes gradients, asking for them is refused clearly (PyTorch would
/// accept these, so they are not in the PyTorch fixture).
@Suite struct GradientRefusalTests {
    static let message = "ConvLab does not compute gradients yet: requires_grad=True is not supported"

    @Test(arguments: [
        "torch.ones(2, requires_grad=True)", "torch.zeros(2, 3, requires_grad=True)",
        "torch.tensor([1.0, 2.0], requires_grad=True)", "torch.tensor([1, 2], dtype=torch.float32, requires_grad=True)",
        "torch.full((2,), 1.5, requires_grad=True)", "torch.arange(3.0, requires_grad=True)",
        "torch.linspace(0, 1, 5, requires_grad=True)", "torch.eye(2, requires_grad=True)",
        "torch.empty(2, requires_grad=True)", "torch.rand(2, requires_grad=True)", "torch.randn(2, requires_grad=True)",
        "torch.zeros_like(torch.ones(2), requires_grad=True)", "torch.ones_like(torch.ones(2), requires_grad=True)",
        "torch.full_like(torch.ones(2), 3, requires_grad=True)", "torch.rand_like(torch.ones(2), requires_grad=True)",
        "torch.empty_like(torch.ones(2), requires_grad=True)",
        "torch.randint(0, 5, (2,), dtype=torch.float32, requires_grad=True)",
        "torch.ones(2).requires_grad_()", "torch.ones(2).requires_grad_(True)",
        "x = torch.ones(2)\nx.requires_grad = True",
    ])
    func floatingPointTensorsAreRefused(_ code: String) {
        let error = Session().failure(code)
        #expect(error?.kind == "NotImplementedError", "\(code)")
        #expect(error?.message == Self.message, "\(code)")
    }

    @Test func falseIsAcceptedAndParametersKeepTheirs() throws {
        let s = Session()
        #expect(try s.run("torch.ones(2, requires_grad=False).requires_grad") == "False")
        #expect(try s.run("torch.ones(2).requires_grad_(False)") == "tensor([1., 1.])")
        try s.run("conv = nn.Conv2d(1, 1, 1)\nconv.weight.requires_grad_()\nconv.weight.requires_grad = True")
        #expect(try s.run("conv.weight.requires_grad") == "True")
    }

    @Test func theCaretPointsAtTheArgument() throws {
        let code = "x = torch.ones(2, requires_grad=True)"
        let range = try #require(Session().failure(code)?.range)
        let bytes = Array(code.utf8)[range.start..<range.end]
        #expect(String(decoding: bytes, as: UTF8.self) == "True")
    }
}
