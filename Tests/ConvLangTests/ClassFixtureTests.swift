import Testing
@testable import ConvLang

/// Programs with classes (plain classes, inheritance and `super()`, properties, special
/// methods, `type`/`isinstance`, attribute builtins, and their errors) run by CPython
/// 3.11 with PyTorch (`scripts/generate_class_fixtures.py`) and here: output and error
/// must match to the character, object addresses masked on both sides.
@Suite struct ClassFixtureTests {
    static let fixture = ProgramFixture("classes/classes")

    @Test func fixtureComesFromCPython3_11() {
        #expect(Self.fixture.metadata["python"]?.hasPrefix("3.11") == true)
        #expect(Self.fixture.cases.count >= 40)
        #expect(Set(Self.fixture.cases.map(\.id)).count == Self.fixture.cases.count)
        // Reprs with addresses are compared, masked, not dropped.
        #expect(Self.fixture.cases.contains { $0.stdout.contains(" object at 0x") })
    }

    @Test(arguments: fixture.cases)
    func caseMatchesCPython(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c, normalizing: ProgramFixture.maskingAddresses)
    }

    @Test func maskingHidesOnlyAddresses() {
        #expect(ProgramFixture.maskingAddresses("<__main__.P object at 0x7f3a9c1b2d40>") == "<__main__.P object at 0x…>")
        #expect(ProgramFixture.maskingAddresses("<__main__.P object at 0x7f3a9c1b2d40>") != ProgramFixture.maskingAddresses("<__main__.Q object at 0x1>"))
    }
}

/// Completion and inspection see a class's members and an instance's attributes and
/// methods, from the one member table.
@Suite struct ClassToolingTests {
    static let point = """
        class Point:
            \"\"\"A point.\"\"\"
            dims = 2
            def __init__(self, x, y):
                self.x = x
                self.y = y
            def norm(self):
                return 0
        p = Point(1, 2)
        """

    @Test func completionListsAttributesAndMethods() {
        let session = Session()
        _ = session.interpreter.run(Self.point)
        #expect(session.interpreter.complete("p.", cursor: 2).matches == ["dims", "norm", "x", "y"])
        #expect(session.interpreter.complete("p.n", cursor: 3).matches == ["norm"])
        #expect(session.interpreter.complete("Point.", cursor: 6).matches == ["dims", "norm"])
    }

    @Test func inspectorShowsFields() {
        let session = Session()
        _ = session.interpreter.run(Self.point)
        #expect(session.interpreter.inspect("Point", cursor: 5) == """
            Init signature: Point(x, y)
            Docstring:      A point.
            Type:           type
            Members:        dims, norm
            """)
        let fields = session.interpreter.inspect("p", cursor: 1) ?? ""
        #expect(fields.hasPrefix("Type:        Point\nString form: <__main__.Point object at 0x"))
        #expect(fields.hasSuffix("Docstring:   A point.\nAttributes:  x, y\nMethods:     dims, norm"))
    }

    @Test func completionSeesAUserModulesMembers() {
        let session = Session()
        _ = session.interpreter.run("""
            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.up = nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2)
                def forward(self, x):
                    return self.up(x)
            net = Net()
            """)
        #expect(session.interpreter.complete("net.forw", cursor: 8).matches == ["forward"])
        #expect(session.interpreter.complete("net.u", cursor: 5).matches == ["up"])
        #expect(session.interpreter.complete("net.para", cursor: 8).matches == ["parameters"])
    }

    @Test func didYouMeanUsesTheMemberTable() {
        let session = Session()
        let result = session.interpreter.run(Self.point + "\np.nrom()")
        #expect(result.error?.message == "'Point' object has no attribute 'nrom'")
        #expect(result.error?.note == "did you mean 'norm'?")
    }
}

/// What ConvLang refuses about classes says so (NotImplementedError) rather than
/// doing something else.
@Suite struct ClassRefusalTests {
    @Test(arguments: [
        ("class E(ValueError):\n    def __init__(self, n):\n        pass", "ConvLang does not run methods or attributes in exception classes yet; write `pass` or a docstring"),
        ("class L(list):\n    pass", "ConvLang does not subclass 'list' yet"),
        ("class M(type):\n    pass", "ConvLang does not subclass 'type' yet"),
        ("class C(metaclass=type):\n    pass", "ConvLang does not take keywords in a class statement (metaclass=...) yet"),
        ("class C:\n    def __new__(cls):\n        pass\nC()", "ConvLang does not run __new__ yet"),
        ("class S:\n    __slots__ = ('x',)", "ConvLang does not run classes that define __slots__ yet"),
        ("class G:\n    def __getattribute__(self, name):\n        return 1", "ConvLang does not run classes that define __getattribute__ yet"),
        ("type('C', (), {})", "ConvLang does not make classes with type(name, bases, dict) yet; write a class statement"),
        ("x = 1\ndir()", "ConvLang does not list the names in scope with dir() yet; pass an object: dir(p)"),
    ])
    func refused(_ source: String, _ message: String) {
        let result = Session().interpreter.run(source)
        #expect(result.error?.kind == "NotImplementedError")
        #expect(result.error?.message == message)
    }
}
