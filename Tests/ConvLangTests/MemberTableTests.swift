import Testing
@testable import ConvLang

/// Every kind of value has one member table: each name it lists is an attribute that
/// resolves, completion offers exactly those names, and "did you mean" draws on them.
@Suite struct MemberTableTests {
    static let samples: [(String, String)] = [
        ("s", "'conv'"), ("l", "[1, 2]"), ("t", "(1, 2)"), ("d", "{'a': 1}"), ("st", "{1, 2}"), ("fs", "frozenset([1])"),
        ("i", "7"), ("f", "0.5"), ("x", "torch.zeros(2)"), ("sz", "torch.zeros(2).shape"), ("r", "range(3)"),
        ("layer", "nn.Conv2d(1, 1, 3)"), ("m", "math"),
    ]

    @Test(arguments: samples)
    func everyListedMemberResolves(_ sample: (String, String)) throws {
        let session = Session()
        let setup = session.interpreter.run("import math\n\(sample.0) = \(sample.1)")
        #expect(setup.error == nil)
        let value = try #require(session.interpreter.globals[sample.0])
        let names = MemberRegistry.names(of: value)
        #expect(!names.isEmpty)
        for name in names {
            let result = session.interpreter.run("\(sample.0).\(name)", storeHistory: false)
            #expect(result.error?.kind != "AttributeError", "\(sample.0).\(name): \(result.error?.message ?? "")")
        }
        let completion = session.interpreter.complete("\(sample.0).", cursor: sample.0.count + 1)
        #expect(Set(completion.matches) == Set(names.filter { !$0.hasPrefix("_") }))
    }

    @Test func didYouMeanReadsTheSameTable() {
        let session = Session()
        let result = session.interpreter.run("'abc'.uper()")
        #expect(result.error?.message == "'str' object has no attribute 'uper'")
        #expect(result.error?.note == "did you mean 'upper'?")
        let set = session.interpreter.run("{1}.discrad(1)")
        #expect(set.error?.note == "did you mean 'discard'?")
    }

    @Test func frozensetsHaveNoMutators() {
        #expect(MemberRegistry.method("add", of: .set(SetObject(frozen: true))) == nil)
        #expect(MemberRegistry.method("add", of: .set(SetObject())) != nil)
    }
}
