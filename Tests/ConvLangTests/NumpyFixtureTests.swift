import Testing
@testable import ConvLang

/// Programs that use NumPy arrays (memory shared with tensors both ways, copies,
/// negative-step views, printing of many shapes, dtypes and values, NumPy scalars, the
/// dtype rules of arithmetic, arrays meeting tensors), each run by real NumPy and
/// PyTorch (`scripts/generate_numpy_fixtures.py`): ConvLab must print exactly what they
/// printed and end in the same error.
@Suite struct NumpyFixtureTests {
    static let fixture = ProgramFixture("numpy/numpy")

    @Test func fixtureComesFromNumPyTwoAndHasEveryGroup() {
        #expect(Self.fixture.cases.count >= 100)
        #expect(Self.fixture.metadata["numpy"]?.hasPrefix("2.") == true)
        #expect(Self.fixture.groups.isSuperset(of: ["share_numpy", "share_from_numpy", "copies", "negative_steps", "indexing", "dtype_rules", "mixed"]))
    }

    @Test(arguments: fixture.cases)
    func programPrintsWhatNumPyPrinted(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }
}
