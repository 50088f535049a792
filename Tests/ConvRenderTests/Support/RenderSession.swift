import ConvEngine
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ConvLang
@testable import ConvRender

/// An interpreter with the teaching commands, collecting what it prints and displays.
final class RenderSession: OutputSink, @unchecked Sendable {
    var text = ""
    var displayed: [Value] = []
    lazy var interpreter = Interpreter(output: self, extensions: TeachingBuiltins.all)

    func write(_ text: String, to stream: OutputChannel) { self.text += text }
    func display(_ value: Value) { displayed.append(value) }

    /// The rich value `code` evaluates to.
    func rich(_ code: String) throws -> RichOutput {
        let result = interpreter.run(code)
        if let error = result.error { throw error }
        guard case .rich(let output)? = result.value else { throw NotRich(value: result.value.map { $0.reprText } ?? "no value") }
        return output
    }

    /// A cell that gave something else than a picture or explanation.
    struct NotRich: Error, CustomStringConvertible {
        var value: String
        var description: String { "expected a rich value, got \(value)" }
    }

    /// The diagnostic `code` fails with.
    func failure(_ code: String) -> Diagnostic? { interpreter.run(code).error }
}

/// Text snapshots kept beside the tests in `Snapshots/`. With
/// `CONVLAB_RECORD_SNAPSHOTS=1` a missing or different snapshot is written instead.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if expected == text + "\n" { return }
        if ProcessInfo.processInfo.environment["CONVLAB_RECORD_SNAPSHOTS"] == "1" {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? (text + "\n").write(to: url, atomically: true, encoding: .utf8)
            return
        }
        Issue.record("snapshot \(name) differs:\n\(text)", sourceLocation: sourceLocation)
    }
}

/// The elements of an XML document, counted by name and by `class`; parsing fails the
/// test when the document is not well-formed.
final class XMLCensus: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    var classes: [String: Int] = [:]
    var titles = 0
    var animationValues: [String] = []
    var root: String?

    init(_ document: String, sourceLocation: SourceLocation = #_sourceLocation) {
        super.init()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = self
        if !parser.parse() {
            Issue.record("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")", sourceLocation: sourceLocation)
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = name }
        elements[name, default: 0] += 1
        if let c = attributes["class"] { classes[c, default: 0] += 1 }
        if name == "title" { titles += 1 }
        if name == "animateTransform", let values = attributes["values"] { animationValues.append(values) }
    }

    /// Elements whose class list contains `word`.
    func count(class word: String) -> Int {
        classes.filter { $0.key.split(separator: " ").contains(Substring(word)) }.values.reduce(0, +)
    }
}
