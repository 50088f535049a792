import ConvEngine
import Foundation

/// Where `input()` and `getpass.getpass()` read a line: a script's standard input
/// (``StandardInput``), or a kernel's frontend over the Jupyter stdin channel (the
/// kernel sets ``Interpreter/input``; the language knows nothing of the protocol).
public protocol InputSource: Sendable {
    /// Reads one line, without its line break.
    /// - Parameters:
    ///   - prompt: shown before reading, where this source shows prompts.
    ///   - password: the answer is a secret (`getpass`): not echoed where that can be helped.
    ///   - output: the session's output, for a source that writes its prompt there.
    ///   - cancellation: raised by an interrupt, which must end the wait.
    func readLine(prompt: String, password: Bool, output: OutputSink, cancellation: CancellationFlag) throws(InputFailure) -> String
    /// The prompt of `getpass.getpass()` called without one: CPython's `'Password: '`;
    /// ipykernel's replacement asks with an empty prompt.
    var passwordPrompt: String { get }
}

extension InputSource {
    public var passwordPrompt: String { "Password: " }
}

/// Why a line could not be read; the language raises the matching Python exception.
public enum InputFailure: Error, Sendable, Equatable {
    /// The frontend takes no input (a kernel request sent with `allow_stdin: false`):
    /// IPython's `StdinNotImplementedError`.
    case notSupported
    /// An interrupt (or a shutdown) came while waiting: `KeyboardInterrupt`.
    case interrupted
    /// The input ended (Ctrl-D, the end of a piped file): `EOFError` with this message
    /// (CPython's "EOF when reading a line"; ipykernel's is empty).
    case endOfFile(String)
}

/// A script's standard input, as CPython's `input()` reads it: the prompt is written to
/// standard output first, and the end of the input raises `EOFError`. A password's
/// prompt goes to standard error, as `getpass` does without a terminal.
public struct StandardInput: InputSource {
    public init() {}

    public func readLine(prompt: String, password: Bool, output: OutputSink, cancellation: CancellationFlag) throws(InputFailure) -> String {
        if !prompt.isEmpty { output.write(prompt, to: password ? .stderr : .stdout) }
        guard let line = Swift.readLine(strippingNewline: true) else { throw .endOfFile("EOF when reading a line") }
        return line
    }
}
