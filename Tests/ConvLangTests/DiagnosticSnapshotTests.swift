import Foundation
import Testing
@testable import ConvLang

/// Each file in Fixtures/diagnostics holds a program, a `---` line, and the exact text
/// its error renders to (swift-syntax style: headline, source line, caret and note).
@Suite struct DiagnosticSnapshotTests {
    static let names: [String] = {
        let folder = Fixtures.directory.appendingPathComponent("diagnostics")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    }()

    @Test func thereAreSnapshots() { #expect(Self.names.count >= 20) }

    @Test(arguments: names)
    func diagnosticMatchesSnapshot(_ name: String) throws {
        let url = Fixtures.directory.appendingPathComponent("diagnostics/\(name)")
        let text = try String(contentsOf: url, encoding: .utf8)
        let parts = text.components(separatedBy: "\n---\n")
        let (source, expected) = (parts[0], parts[1])
        let session = Session()
        guard let diagnostic = session.failure(source) else {
            Issue.record("\(name): ran without an error")
            return
        }
        let rendered = DiagnosticFormatter(sourceName: "cell").format(diagnostic, source: SourceText(source))
        #expect(rendered + "\n" == expected, "\(name):\n\(rendered)")
    }
}
