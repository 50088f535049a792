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

    @Test(arguments: cases)
    func programPrintsWhatPyTorchPrinted(_ c: Case) {
        let session = Session()
        let result = session.interpreter.run(c.source)
        #expect(session.sink.stdout == c.stdout, "\(c.id)")
        let error = result.error.map { "\($0.kind): \($0.message)" }
        #expect(error == c.error, "\(c.id)")
    }
}
