import Testing
@testable import ConvLang

/// The gradients of the math and nn operations (`scripts/generate_grad_math_fixtures.py`):
/// each program prints an operation's result with its `grad_fn`, the nodes its inputs'
/// gradients go to, and the gradients of a backward pass, as real PyTorch printed them.
@Suite struct GradMathFixtureTests {
    static let fixture = ProgramFixture("grad_math")

    @Test func fixtureComesFromPyTorch2_15() {
        Self.fixture.expectRecorded(atLeast: 80)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesPyTorch(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c, normalizing: ProgramFixture.maskingAddresses)
    }
}
