import Testing
@testable import ConvLang

/// Optimisers (`torch.optim.SGD`, `Adam`), the losses (`F.mse_loss`, `F.l1_loss`,
/// `nn.MSELoss`, `nn.L1Loss`), the module side of autograd and d2l's kernel-learning
/// demo, run by real PyTorch (`scripts/generate_optim_fixtures.py`) and here: what they
/// print (SGD's parameters to the last bit) and the error that stops them must be
/// PyTorch's to the character.
@Suite struct OptimFixtureTests {
    static let fixture = ProgramFixture("optim/optim")

    @Test func fixtureComesFromPyTorch2_15() {
        Self.fixture.expectRecorded(atLeast: 70)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesPyTorch(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }
}
