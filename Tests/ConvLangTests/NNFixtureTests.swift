import Testing
@testable import ConvLang

/// Short programs on `torch.nn` (the module object model, the modules and functions a
/// conv tutorial uses, `torch.nn.init`), run by real PyTorch
/// (`scripts/generate_nn_fixtures.py`) and here: what they print, and the error that
/// stops them, must be PyTorch's to the character.
@Suite struct NNFixtureTests {
    static let fixture = ProgramFixture("nn/nn")

    @Test func fixtureComesFromPyTorch2_15() {
        #expect(Self.fixture.metadata["torch"]?.hasPrefix("2.15") == true)
        #expect(Self.fixture.cases.count >= 60)
        #expect(Set(Self.fixture.cases.map(\.id)).count == Self.fixture.cases.count)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesPyTorch(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }
}
