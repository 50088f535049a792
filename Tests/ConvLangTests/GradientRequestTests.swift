import Testing
@testable import ConvLang

/// Every way of asking for a leaf that requires grad gives one (PyTorch prints these
/// as `..., requires_grad=True`; the autograd fixture compares the printouts), and the
/// dtypes that cannot require grad are refused with PyTorch's message for each way.
@Suite struct GradientRequestTests {
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
        "torch.ones(2).requires_grad_()", "torch.ones(2).requires_grad_(True)", "nn.Parameter(torch.ones(2))",
    ])
    func floatingPointLeavesRequireGrad(_ code: String) throws {
        let s = Session()
        try s.run("x = " + code)
        #expect(try s.run("(x.requires_grad, x.is_leaf, x.grad_fn, x.grad)") == "(True, True, None, None)", "\(code)")
    }

    @Test func theAttributeTurnsItOnAndOff() throws {
        let s = Session()
        try s.run("x = torch.ones(2)\nx.requires_grad = True")
        #expect(try s.run("x.requires_grad") == "True")
        try s.run("x.requires_grad = False")
        #expect(try s.run("x.requires_grad") == "False")
        try s.run("conv = nn.Conv2d(1, 1, 1)")
        #expect(try s.run("conv.weight.requires_grad, conv.bias.requires_grad") == "(True, True)")
    }

    /// PyTorch words the refusal three ways: the creation functions, the method, the attribute.
    @Test(arguments: [
        ("torch.ones(2, dtype=torch.long, requires_grad=True)", "Only Tensors of floating point and complex dtype can require gradients"),
        ("torch.tensor([1, 2], requires_grad=True)", "Only Tensors of floating point and complex dtype can require gradients"),
        ("torch.ones(2, dtype=torch.long).requires_grad_()", "only Tensors of floating point dtype can require gradients"),
        ("x = torch.ones(2, dtype=torch.bool)\nx.requires_grad = True", "only Tensors of floating point and complex dtype can require gradients"),
        ("(torch.ones(2, requires_grad=True) * 2).requires_grad_(False)", "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."),
    ])
    func otherDTypesAreRefused(_ code: String, _ message: String) {
        let error = Session().failure(code)
        #expect(error?.kind == "RuntimeError", "\(code)")
        #expect(error?.message == message, "\(code)")
    }

    @Test func theCaretPointsAtTheArgument() throws {
        let code = "x = torch.ones(2, dtype=torch.long, requires_grad=True)"
        let range = try #require(Session().failure(code)?.range)
        let bytes = Array(code.utf8)[range.start..<range.end]
        #expect(String(decoding: bytes, as: UTF8.self) == "True")
    }
}
