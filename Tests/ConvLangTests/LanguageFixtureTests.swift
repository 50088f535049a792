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
        Self.fixture.expectRecorded(python: "3.11", atLeast: 150)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesPython(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }
}
