import Foundation
import Testing
@testable import ConvLang

/// The kernel's traceback for an error raised inside functions, against what IPython
/// 9 sends for the same cells (`scripts/generate_traceback_fixtures.py` saved it).
@Suite struct TracebackFormatTests {
    struct Failure: CustomTestStringConvertible, Sendable {
        var session: String
        var cells: [String]
        var failingCell: Int
        var expected: [String]
        var testDescription: String { "\(session) cell \(failingCell)" }
    }

    static let fixture: (version: String, failures: [Failure]) = {
        guard let root = try? Fixtures.json("exceptions/ipython_tracebacks") else { return ("", []) }
        var failures: [Failure] = []
        for session in root["sessions"] as? [[String: Any]] ?? [] {
            let cells = session["cells"] as? [[String: Any]] ?? []
            for (i, cell) in cells.enumerated() {
                guard let expected = cell["traceback"] as? [String] else { continue }
                failures.append(Failure(session: session["id"] as? String ?? "", cells: cells.compactMap { $0["source"] as? String },
                                        failingCell: i + 1, expected: expected))
            }
        }
        return (root["ipython"] as? String ?? "", failures)
    }()


    @Test func fixtureComesFromIPython9() {
        #expect(Self.fixture.version.hasPrefix("9."))
        #expect(Self.fixture.failures.count >= 6)
    }

    /// Runs the session's cells, numbered as IPython numbers them, up to the failing one.
    static func traceback(_ failure: Failure) -> [String]? {
        let session = Session()
        for (i, cell) in failure.cells.prefix(failure.failingCell).enumerated() {
            let result = session.interpreter.run(cell, storeHistory: true)
            if i + 1 == failure.failingCell, let error = result.error {
                return IPythonTraceback().lines(for: error, source: SourceText(cell), cell: i + 1)
            }
        }
        return nil
    }

    @Test(arguments: fixture.failures)
    func matchesIPython(_ failure: Failure) {
        #expect(Self.traceback(failure) == failure.expected)
    }

    /// An error in the cell's own code, nothing chained, keeps the caret and the note
    /// (the kernel's tests look for them).
    @Test func aCellErrorKeepsTheCaretDrawing() throws {
        let code = "y = F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), strid=2)"
        let error = try #require(Session().failure(code))
        let lines = IPythonTraceback().lines(for: error, source: SourceText(code), cell: 1)
        #expect(lines == DiagnosticFormatter().format(error, source: SourceText(code)).components(separatedBy: "\n"))
        #expect(lines.last?.hasSuffix("^~~~~ did you mean 'stride'?") == true)
    }

    @Test func scriptsDrawEveryFrameWithACaret() throws {
        let code = "def h(x):\n    return x[5]\ndef g(x):\n    return h(x)\ng([1])"
        let error = try #require(Session().failure(code))
        #expect(DiagnosticFormatter(sourceName: "x.py").format(error, source: SourceText(code)) == """
            IndexError: list index out of range
             --> x.py:5:1
             5 | g([1])
               | ^~~~~~
             --> x.py:4:12, in g
             4 |     return h(x)
               |            ^~~~
             --> x.py:2:14, in h
             2 |     return x[5]
               |              ^
            """)
    }
}

/// Interrupts and limits stay out of reach of `except`: the kernel can always stop a cell.
@Suite struct ExceptionInterruptTests {
    final class ResultBox: @unchecked Sendable { var result: ExecutionResult? }

    /// Runs `code` on a thread, interrupts it after `delay` seconds, and gives the
    /// result and how long the interrupt took to stop it.
    static func interrupted(_ code: String, session: Session = Session(), delay: Double = 0.3) -> (ExecutionResult?, TimeInterval) {
        let interpreter = session.interpreter
        let started = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        Thread.detachNewThread {
            started.signal()
            box.result = interpreter.run(code)
            done.signal()
        }
        started.wait()
        Thread.sleep(forTimeInterval: delay)
        let start = Date()
        interpreter.cancellation.cancel()
        _ = done.wait(timeout: .now() + 10)
        return (box.result, Date().timeIntervalSince(start))
    }

    @Test func exceptExceptionDoesNotSwallowAnInterrupt() {
        let (result, elapsed) = Self.interrupted("while True:\n    try:\n        pass\n    except Exception:\n        pass")
        #expect(result?.error?.kind == "KeyboardInterrupt")
        #expect(elapsed < 1)
    }

    @Test func aBareExceptDoesNotCatchAnInterrupt() {
        let (result, elapsed) = Self.interrupted("while True:\n    try:\n        while True:\n            pass\n    except:\n        pass")
        #expect(result?.error?.kind == "KeyboardInterrupt")
        #expect(elapsed < 1)
    }

    @Test func exceptBaseExceptionCatchesTheFirstInterruptOnly() throws {
        let session = Session()
        let interpreter = session.interpreter
        let code = "n = 0\nwhile True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        n += 1"
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        Thread.detachNewThread {
            box.result = interpreter.run(code)
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3)
        interpreter.cancellation.cancel()
        // The first interrupt is caught and the loop goes on; a second one stops it.
        #expect(done.wait(timeout: .now() + 0.5) == .timedOut)
        interpreter.cancellation.cancel()
        #expect(done.wait(timeout: .now() + 1) == .success)
        #expect(box.result?.error?.kind == "KeyboardInterrupt")
        interpreter.cancellation.reset()
        #expect(try session.run("n") == "1")
    }

    @Test func exceptKeyboardInterruptRunsItsHandler() {
        let session = Session()
        let (result, elapsed) = Self.interrupted("try:\n    while True:\n        pass\nexcept KeyboardInterrupt:\n    print('stopped')",
                                                 session: session)
        #expect(result?.error == nil)
        #expect(session.sink.stdout == "stopped\n")
        #expect(elapsed < 1)
    }

    @Test func limitsAreCaughtByNoHandler() {
        let session = Session()
        let result = session.interpreter.run("try:\n    [0] * 10**12\nexcept:\n    print('caught')\nfinally:\n    print('finally')")
        #expect(result.error?.kind == "LimitError")
        #expect(session.sink.stdout == "finally\n")
    }
}
