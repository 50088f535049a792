import Testing
@testable import ConvLang

/// Short programs on `torch.nn` (the module object model, the modules and functions a
/// conv tutorial uses, `torch.nn.init`), run by real PyTorch
/// (`scripts/generate_nn_fixtures.py`) and here: what they print, and the error that
/// stops them, must be PyTorch's to the character.
@Suite struct NNFixtureTests {
    static let fixture = ProgramFixture("nn/nn")

    @Test func fixtureComesFromPyTorch2_15() {
        Self.fixture.expectRecorded(atLeast: 60)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesPyTorch(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }
}
