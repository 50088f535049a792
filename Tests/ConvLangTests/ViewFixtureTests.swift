import Foundation
import Testing
@testable import ConvLang

/// Programs that alias storage (a view, a write through it or its base, then the
/// tensors and their strides, offsets and contiguity printed), each run by real PyTorch
/// (`scripts/generate_view_fixtures.py`): ConvLab must print exactly what PyTorch printed
/// and end in the same error.
@Suite struct ViewFixtureTests {
    static let fixture = ProgramFixture("views/views")

    @Test func fixtureHasEveryGroup() {
        #expect(Self.fixture.cases.count >= 300)
        #expect(Self.fixture.metadata["torch"]?.hasPrefix("2.15") == true)
        #expect(Self.fixture.groups.isSuperset(of: ["view_slice_write_base", "view_reshape_write_view", "write_augassign",
                                                    "error_expand_write_setitem", "advanced_read", "advanced_write", "dtypes_promote"]))
    }

    /// Programs that write `2**63 - 1` or `-2**63`: Python computes `2**63` as a big
    /// integer first, ConvLang's integers are 64-bit. ConvLang says so instead of
    /// giving another answer (checked below); everything else must match.
    static let needBigIntegers: Set<String> = ["error_inplace_args_int_overflow_01", "ints_arith_02", "ints_literal_05"]

    @Test(arguments: fixture.cases)
    func programPrintsWhatPyTorchPrinted(_ c: ProgramFixture.Case) {
        guard Self.needBigIntegers.contains(c.id) else { return ProgramFixture.expectSameOutput(c) }
        let result = Session().interpreter.run(c.source)
        #expect(result.error?.kind == "OverflowError", "\(c.id)")
        #expect(result.error?.message == "integer result too large for ConvLang (64-bit integers)", "\(c.id)")
    }
}
