import Testing
@testable import ConvLang

/// Short programs as users paste them from tutorials (functions, loops, comprehensions,
/// f-strings, classes and `nn.Module` models, exceptions, `with torch.no_grad():`, the
/// nn modules, shape walks), run by real CPython and PyTorch
/// (`scripts/generate_language_fixtures.py`) and here: what they print, and the error
/// that stops them, must be CPython's and PyTorch's to the character.
@Suite struct LanguageFixtureTests {
    static let fixture = ProgramFixture("language/language")

    @Test func fixtureComesFromCPython3_11AndPyTorch2_15() {
        #expect(Self.fixture.metadata["torch"]?.hasPrefix("2.15") == true)
        #expect(Self.fixture.metadata["python"]?.hasPrefix("3.11") == true)
        #expect(Self.fixture.cases.count >= 150)
        #expect(Set(Self.fixture.cases.map(\.id)).count == Self.fixture.cases.count)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesPython(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }
}
