import ConvEngine
import Synchronization
@testable import ConvLang

/// Answers `input()` with given lines, then ends the input, as a script's piped standard
/// input would: prompts are written to the session's stdout; the requests are recorded.
final class ScriptedInput: InputSource {
    /// Instead of a line: the input ends, the frontend takes no input, or an interrupt.
    static let endOfFile = "\u{0}eof", notSupported = "\u{0}unsupported", interrupt = "\u{0}interrupt"

    private let state: Mutex<(lines: [String], asked: [String])>

    init(_ lines: [String]) { state = Mutex((lines, [])) }

    /// The prompts asked so far, a password's marked with `(password)`.
    var asked: [String] { state.withLock { $0.asked } }

    func readLine(prompt: String, password: Bool, output: OutputSink, cancellation: CancellationFlag) throws(InputFailure) -> String {
        output.write(prompt, to: .stdout)
        let line = state.withLock { state -> String in
            state.asked.append(prompt + (password ? "(password)" : ""))
            return state.lines.isEmpty ? Self.endOfFile : state.lines.removeFirst()
        }
        switch line {
        case Self.endOfFile: throw .endOfFile("EOF when reading a line")
        case Self.notSupported: throw .notSupported
        case Self.interrupt: throw .interrupted
        default: return line
        }
    }
}
