import Foundation
import Testing
@testable import ConvLang

/// Short programs run by real PyTorch (`scripts/generate_ops_fixtures.py`) and here:
/// what they print, and the error that stops them, must be PyTorch's to the character.
@Suite struct OpsFixtureTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var id: String
        var source: String
        var stdout: String
        var error: String?
        var testDescription: String { id }
    }

    static let fixture: (torch: String, cases: [Case]) = {
        guard let root = try? Fixtures.json("ops/ops") else { return ("", []) }
        let cases = (root["cases"] as! [[String: Any]]).map { c in
            Case(id: c["id"] as! String, source: c["source"] as! String,
                 stdout: c["stdout"] as! String, error: c["error"] as? String)
        }
        return (root["torch"] as? String ?? "", cases)
    }()

    @Test func fixtureComesFromPyTorch2_15() {
        #expect(Self.fixture.torch.hasPrefix("2.15"))
        #expect(Self.fixture.cases.count >= 120)
        #expect(Set(Self.fixture.cases.map(\.id)).count == Self.fixture.cases.count)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesPyTorch(_ c: Case) {
        let session = Session()
        let result = session.interpreter.run(c.source)
        #expect(session.sink.stdout == c.stdout, "\(c.id): stdout")
        let error = result.error.map { "\($0.kind): \($0.message)" }
        #expect(error == c.error, "\(c.id): error")
    }
}
