import Testing
@testable import ConvLang

/// Short programs run by real PyTorch (`scripts/generate_ops_fixtures.py`) and here:
/// what they print, and the error that stops them, must be PyTorch's to the character.
@Suite struct OpsFixtureTests {
    static let fixture = ProgramFixture("ops/ops")

    @Test func fixtureComesFromPyTorch2_15() {
        #expect(Self.fixture.metadata["torch"]?.hasPrefix("2.15") == true)
        #expect(Self.fixture.cases.count >= 120)
        #expect(Set(Self.fixture.cases.map(\.id)).count == Self.fixture.cases.count)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesPyTorch(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }
}
