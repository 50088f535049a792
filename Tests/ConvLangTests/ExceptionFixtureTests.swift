import Testing
@testable import ConvLang

/// Programs using exceptions and `with`, run by CPython 3.11 and PyTorch
/// (`scripts/generate_exception_fixtures.py`) and here: what they print, and the error
/// that stops them, must be the same to the character.
@Suite struct ExceptionFixtureTests {
    static let fixture = ProgramFixture("exceptions/exceptions")

    @Test func fixtureComesFromPyTorch2_15() {
        Self.fixture.expectRecorded(python: "3.11", atLeast: 40)
    }

    /// Each case runs on the kernel's 64 MiB stack (``ProgramFixture``), so that
    /// recursion reaches Python's limit of 1000 calls before the stack guard.
    @Test(arguments: fixture.cases)
    func caseMatchesPython(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }
}
