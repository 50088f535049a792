import Testing
@testable import ConvLang

/// The gradients of views, indexing, joining and padding, and of in-place writes into
/// views, from real PyTorch (`scripts/generate_grad_views_fixtures.py`): the names of
/// `grad_fn` and its `next_functions`, the gradients, float64 `gradcheck`, and
/// PyTorch's refusals must all be PyTorch's to the character.
@Suite struct GradViewsFixtureTests {
    static let fixture = ProgramFixture("grad_views/grad_views")

    @Test func fixtureComesFromPyTorch2_15() {
        Self.fixture.expectRecorded(atLeast: 80)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesPyTorch(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }
}
