import Foundation
import Testing
@testable import ConvLang

/// Programs that alias storage (a view, a write through it or its base, then the
/// tensors and their strides, offsets and contiguity printed), each run by real PyTorch
/// (`scripts/generate_view_fixtures.py`): ConvLab must print exactly what PyTorch printed
/// and end in the same error.
@Suite struct ViewFixtureTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var id: String, source: String, stdout: String, error: String?
        var testDescription: String { id }
    }

    static let cases: [Case] = {
        guard let root = try? Fixtures.json("views/views") else { return [] }
        return (root["cases"] as! [[String: Any]]).map {
            Case(id: $0["id"] as! String, source: $0["source"] as! String, stdout: $0["stdout"] as! String,
                 error: $0["error"] as? String)
        }
    }()

    @Test func fixtureHasEveryGroup() {
        #expect(Self.cases.count >= 300)
    }

    /// Programs that write `2**63 - 1` or `-2**63`: Python computes `2**63` as a big
    /// integer first, ConvLang's integers are 64-bit. ConvLang says so instead of
    /// giving another answer (checked below); everything else must match.
    static let needBigIntegers: Set<String> = ["error_inplace_args_int_overflow_01", "ints_arith_02", "ints_literal_05"]

    @Test(arguments: cases)
    func programPrintsWhatPyTorchPrinted(_ c: Case) {
        let session = Session()
        let result = session.interpreter.run(c.source)
        if Self.needBigIntegers.contains(c.id) {
            #expect(result.error?.kind == "OverflowError", "\(c.id)")
            #expect(result.error?.message == "integer result too large for ConvLang (64-bit integers)", "\(c.id)")
            return
        }
        #expect(session.sink.stdout == c.stdout, "\(c.id)")
        let error = result.error.map { "\($0.kind): \($0.message)" }
        #expect(error == c.error, "\(c.id)")
    }
}
