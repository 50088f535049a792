import Testing
@testable import ConvLang

/// `torch.autograd.gradcheck` in float64 on every differentiable builtin, through the
/// language: the test walks the builtin table (torch, F, nn, torch.autograd, the tensor
/// methods), so a new builtin fails it until it gets a case here, or a line in
/// ``GradcheckCases/graphFree`` saying why it has no gradient (in PyTorch either).
@Suite struct GradcheckCoverageTests {
    /// Every builtin by its qualified name (`torch.add`, `F.relu`, `nn.Conv2d`, `Tensor.view`).
    static let builtins: [String] = {
        var names: [String] = []
        for (namespace, prefix) in [(Library.torch, "torch."), (Library.functional, "F."), (Library.nn, "nn."),
                                    (Library.autograd, "torch.autograd.")] {
            for (name, value) in namespace.members {
                switch value {
                case .function, .classObject: names.append(prefix + name)
                default: break
                }
            }
        }
        names += TensorMethodBuiltins.methods.keys.map { "Tensor." + $0 }
        return names.sorted()
    }()

    @Test func everyBuiltinHasACaseOrSaysWhyNot() {
        let missing = Self.builtins.filter { GradcheckCases.cases[$0] == nil && GradcheckCases.graphFree[$0] == nil }
        #expect(missing.isEmpty, "builtins without a gradcheck case or a graph-free reason: \(missing.joined(separator: ", "))")
        let stale = Set(GradcheckCases.cases.keys).union(GradcheckCases.graphFree.keys).subtracting(Self.builtins)
            .subtracting(GradcheckCases.operators)
        #expect(stale.isEmpty, "cases for names that are no builtins: \(stale.sorted())")
    }

    @Test(arguments: GradcheckCases.cases.sorted { $0.key < $1.key })
    func gradcheckPasses(_ entry: (key: String, value: String)) throws {
        let s = Session()
        try s.run(GradcheckCases.setup)
        #expect(try s.run(entry.value) == "True", "\(entry.key): \(entry.value)")
    }
}
