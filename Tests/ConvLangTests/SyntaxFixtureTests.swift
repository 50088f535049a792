import Foundation
import Testing
@testable import ConvLang

/// Cells compiled by CPython 3.11 (`scripts/generate_syntax_fixtures.py`): the parser
/// accepts the ones CPython compiles and refuses the others with CPython's exception
/// class, message, line and column.
@Suite struct SyntaxFixtureTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var source: String
        var ok: Bool
        var kind: String?
        var message: String?
        var line: Int?
        var column: Int?
        var testDescription: String { id }
    }

    static let cases: [Case] = {
        guard let root = try? Fixtures.json("syntax/syntax_errors"), let cases = root["cases"] as? [[String: Any]] else { return [] }
        return cases.map {
            Case(id: $0["id"] as! String, source: $0["source"] as! String, ok: $0["ok"] as! Bool, kind: $0["kind"] as? String,
                 message: $0["message"] as? String, line: $0["line"] as? Int, column: $0["column"] as? Int)
        }
    }()

    @Test func thereAreCases() { #expect(Self.cases.count >= 400) }

    @Test(arguments: cases)
    func parserAgreesWithCPython(_ c: Case) {
        let source = SourceText(c.source)
        do {
            _ = try Parser.parse(source)
            #expect(c.ok, "\(c.id): parsed, but CPython says \(c.kind ?? ""): \(c.message ?? "")\n\(c.source)")
        } catch {
            guard !c.ok else {
                Issue.record("\(c.id): CPython compiles it, ConvLang says \(error.headline)\n\(c.source)")
                return
            }
            let (line, column) = source.location(of: error.range?.start ?? -1)
            #expect("\(error.kind): \(error.message)" == "\(c.kind ?? ""): \(c.message ?? "")", "\(c.id)\n\(c.source)")
            #expect(line == c.line, "\(c.id): line\n\(c.source)")
            if let expected = c.column { #expect(column == expected, "\(c.id): column\n\(c.source)") }
        }
    }
}
