import Foundation
import Testing
@testable import ConvLang

/// Programs that use NumPy arrays (memory shared with tensors both ways, copies,
/// negative-step views, printing of many shapes, dtypes and values, NumPy scalars, the
/// dtype rules of arithmetic, arrays meeting tensors), each run by real NumPy and
/// PyTorch (`scripts/generate_numpy_fixtures.py`): ConvLab must print exactly what they
/// printed and end in the same error.
@Suite struct NumpyFixtureTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var id: String, source: String, stdout: String, error: String?
        var testDescription: String { id }
    }

    /// The NumPy version the fixture was made with.
    static let numpyVersion: String = (try? Fixtures.json("numpy/numpy"))?["numpy"] as? String ?? ""

    static let cases: [Case] = {
        guard let root = try? Fixtures.json("numpy/numpy") else { return [] }
        return (root["cases"] as! [[String: Any]]).map {
            Case(id: $0["id"] as! String, source: $0["source"] as! String, stdout: $0["stdout"] as! String,
                 error: $0["error"] as? String)
        }
    }()

    @Test func fixtureComesFromNumPyTwoAndHasEveryGroup() {
        #expect(Self.cases.count >= 100)
        #expect(Self.numpyVersion.hasPrefix("2."))
        let groups = Set(Self.cases.map { $0.id.split(separator: "_").dropLast().joined(separator: "_") })
        #expect(groups.isSuperset(of: ["share_numpy", "share_from_numpy", "copies", "negative_steps", "indexing", "dtype_rules", "mixed"]))
    }

    @Test(arguments: cases)
    func programPrintsWhatNumPyPrinted(_ c: Case) {
        let session = Session()
        let result = session.interpreter.run(c.source)
        #expect(session.sink.stdout == c.stdout, "\(c.id)")
        let error = result.error.map { "\($0.kind): \($0.message)" }
        #expect(error == c.error, "\(c.id)")
    }
}
