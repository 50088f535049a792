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
