import Testing
@testable import ConvLang

/// Short programs run by real PyTorch (`scripts/generate_ops_fixtures.py`) and here:
/// what they print, and the error that stops them, must be PyTorch's to the character.
@Suite struct OpsFixtureTests {
    static let fixture = ProgramFixture("ops/ops")

    @Test func fixtureComesFromPyTorch2_15() {
        Self.fixture.expectRecorded(atLeast: 120)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesPyTorch(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }
}
