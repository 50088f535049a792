import Testing
@testable import ConvLang

/// Lists and dicts are shared objects, as in Python: aliases see changes, `+=` extends
/// in place, copies are explicit, `is` and `id` tell objects apart, and containers that
/// hold themselves print, compare and nest as Python's do. The expected printouts and
/// errors are CPython's (``ReferenceSemanticsCases``).
@Suite struct ReferenceSemanticsTests {
    /// What a cell prints, run in a fresh session.
    static func printed(_ code: String) throws -> String {
        let s = Session()
        try s.run(code)
        return s.sink.stdout
    }

    @Test(arguments: ReferenceSemanticsCases.aliasing)
    func aliasesSeeChanges(code: String, python: String) throws {
        #expect(try Self.printed(code) == python)
    }

    @Test(arguments: ReferenceSemanticsCases.augmentedAssignment)
    func augmentedAssignmentChangesInPlace(code: String, python: String) throws {
        #expect(try Self.printed(code) == python)
    }

    @Test(arguments: ReferenceSemanticsCases.copies)
    func copiesAreNewObjects(code: String, python: String) throws {
        #expect(try Self.printed(code) == python)
    }

    @Test(arguments: ReferenceSemanticsCases.identity)
    func identityOfObjects(code: String, python: String) throws {
        #expect(try Self.printed(code) == python)
    }

    @Test(arguments: ReferenceSemanticsCases.cycles)
    func cyclesPrintAsPythonPrintsThem(code: String, python: String) throws {
        #expect(try Self.printed(code) == python)
    }

    @Test(arguments: ReferenceSemanticsCases.equality)
    func equalityComparesContents(code: String, python: String) throws {
        #expect(try Self.printed(code) == python)
    }

    @Test(arguments: ReferenceSemanticsCases.listMethods)
    func listMethods(code: String, python: String) throws {
        #expect(try Self.printed(code) == python)
    }

    @Test(arguments: ReferenceSemanticsCases.dictMethods)
    func dictMethods(code: String, python: String) throws {
        #expect(try Self.printed(code) == python)
    }

    @Test(arguments: ReferenceSemanticsCases.errors)
    func errorsAreThoseOfPython(code: String, kind: String, message: String) {
        let error = Session().failure(code)
        #expect(error?.kind == kind)
        #expect(error?.message == message)
        #expect(error?.range != nil)
    }

    @Test func aFailedMethodCallChangesNothing() throws {
        let s = Session()
        try s.run("l = [1, 2]\nd = {'a': 1}")
        _ = s.failure("l.insert('x', 0)")
        _ = s.failure("l.pop(7)")
        _ = s.failure("d.update([('b', 2), 3])")
        _ = s.failure("d[[1]] = 0")
        #expect(try s.run("l, d") == "([1, 2], {'a': 1})")
    }

    @Test func aValueIsTheSameObjectAcrossCells() throws {
        let s = Session()
        try s.run("a = []\nb = {'a': a}")
        try s.run("a.append(1)")
        try s.run("b['a'].append(2)")
        #expect(try s.run("a, b, b['a'] is a") == "([1, 2], {'a': [1, 2]}, True)")
        // The value a cell shows is the object itself: a later change shows in it.
        let shown = try #require(s.interpreter.run("a").value)
        try s.run("a.clear()")
        #expect(shown.reprText == "[]")
    }

    @Test func idIsStableAndDistinguishesObjects() throws {
        let s = Session()
        try s.run("a = [1]\nb = a\nc = [1]\nt = torch.ones(2)\nu = t")
        #expect(try s.run("id(a) == id(b), id(a) == id(c), id(t) == id(u), id(t) == id(a), id(a) >= 0") == "(True, False, True, False, True)")
        #expect(try s.run("t is u, t is torch.ones(2), t.dtype is torch.float32, torch.nn is nn, F.conv2d is torch.nn.functional.conv2d")
            == "(True, False, True, True, True)")
    }

    @Test func listsAndDictsOfferTheirMethodsForCompletionAndHelp() throws {
        let s = Session()
        try s.run("l = [1]\nd = {}")
        #expect(s.interpreter.complete("l.ap", cursor: 4).matches == ["append"])
        #expect(s.interpreter.complete("d.setd", cursor: 6).matches == ["setdefault"])
        #expect(Set(MemberRegistry.names(of: .newList())) == ["append", "extend", "insert", "pop", "remove", "index", "count", "clear", "copy", "reverse"])
        let help = try #require(s.interpreter.inspect("l.pop", cursor: 5))
        #expect(help.hasPrefix("list.pop(index=-1, /)"))
    }

    @Test func dictKeywordsAreCollectedAndPositionalOnlyParametersRefuseNames() throws {
        let s = Session()
        #expect(try s.run("dict(a=1, iterable=2)") == "{'a': 1, 'iterable': 2}")
        #expect(try s.run("OrderedDict(items=1)") == "OrderedDict([('items', 1)])")
        #expect(s.failure("{}.get(key='a')")?.message == "dict.get() takes no keyword arguments")
        #expect(Builtin("f", "a, b=1, /, *, c=2, **rest", summary: "", example: "") { _ throws(Diagnostic) in .none }.signatureText
            == "f(a, b=1, /, *, c=2, **rest)")
    }
}
