import Foundation
import Testing
@testable import ConvLang

/// A fixture of short programs that a generator script ran under real PyTorch (and
/// NumPy): each program's source, what it printed, and the error that ended it
/// (`"TypeName: message"`), as the `views`, `ops` and `numpy` fixtures store them.
struct ProgramFixture {
    struct Case: CustomTestStringConvertible, Sendable {
        var id: String, source: String, stdout: String, error: String?
        var testDescription: String { id }
    }

    /// The fixture's top-level fields other than the cases (`torch`, `numpy`, ...).
    var metadata: [String: String]
    var cases: [Case]

    /// `Fixtures/<name>.json`; empty when it cannot be read (the count tests then fail).
    init(_ name: String) {
        guard let root = try? Fixtures.json(name) else {
            self.metadata = [:]
            self.cases = []
            return
        }
        metadata = root.compactMapValues { $0 as? String }
        cases = (root["cases"] as? [[String: Any]] ?? []).map {
            Case(id: $0["id"] as! String, source: $0["source"] as! String, stdout: $0["stdout"] as! String,
                 error: $0["error"] as? String)
        }
    }

    /// Checks the fixture came from the reference it names: PyTorch `torch` (and CPython
    /// `python`, when given) by the versions the generator recorded, at least `count`
    /// cases, no id twice.
    func expectRecorded(torch: String = "2.15", python: String? = nil, atLeast count: Int,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(metadata["torch"]?.hasPrefix(torch) == true, sourceLocation: sourceLocation)
        if let python { #expect(metadata["python"]?.hasPrefix(python) == true, sourceLocation: sourceLocation) }
        #expect(cases.count >= count, sourceLocation: sourceLocation)
        #expect(Set(cases.map(\.id)).count == cases.count, sourceLocation: sourceLocation)
    }

    /// The ids' groups: the id without its trailing counter (`view_slice_write_base`).
    var groups: Set<String> { Set(cases.map { $0.id.split(separator: "_").dropLast().joined(separator: "_") }) }

    /// Runs the program in a fresh session; it must print exactly what the fixture
    /// recorded and end in the same error (or none).
    static func expectSameOutput(_ c: Case, sourceLocation: SourceLocation = #_sourceLocation) {
        expectSameOutput(c, normalizing: { $0 }, sourceLocation: sourceLocation)
    }

    /// As ``expectSameOutput(_:sourceLocation:)``, comparing both sides after
    /// `normalize` (which masks what differs from run to run, such as addresses).
    static func expectSameOutput(_ c: Case, normalizing normalize: (String) -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (stdout, error, _) = run(c) { _ in () }
        #expect(normalize(stdout) == normalize(c.stdout), "\(c.id): stdout", sourceLocation: sourceLocation)
        #expect(error.map(normalize) == c.error.map(normalize), "\(c.id): error", sourceLocation: sourceLocation)
    }

    /// Runs the program in a fresh session on the kernel's 64 MiB execution stack (so
    /// recursion reaches Python's limit): what it printed, the error that ended it
    /// (`"Kind: message"`), and what `inspect` then reads from the session it left.
    static func run<T: Sendable>(_ c: Case, inspecting inspect: @escaping @Sendable (Session) -> T) -> (stdout: String, error: String?, inspected: T) {
        let source = c.source
        return onThread(stack: executionStackBytes) { () -> (String, String?, T) in
            let session = Session()
            let result = session.interpreter.run(source)
            return (session.sink.stdout, result.error.map { "\($0.kind): \($0.message)" }, inspect(session))
        }
    }

    /// Object addresses (`0x7f3a9c1b2d40`) as `0x…`.
    static func maskingAddresses(_ text: String) -> String {
        text.replacing(/0x[0-9a-f]+/, with: "0x…")
    }
}
