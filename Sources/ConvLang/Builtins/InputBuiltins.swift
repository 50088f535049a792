/// `input()` and the `getpass` module: a line read from the session's
/// ``Interpreter/input`` (a script's standard input, or a kernel's frontend).
enum InputBuiltins {
    static let input = Builtin("input", "prompt='', /", summary: "Reads a line (without its line break) after showing the prompt.",
                               example: "name = input('Your name: ')") { (call) throws(Diagnostic) in
        let prompt = call.has("prompt") ? try call.interpreter.text(of: call["prompt"], repr: false, at: call.range) : ""
        return .string(try read(call, prompt: prompt, password: false, function: "raw_input"))
    }

    static let getpass = Builtin("getpass.getpass", "prompt=None, stream=None", summary: "Reads a secret line: the frontend hides what is typed.",
                                 example: "token = getpass.getpass('Token: ')") { (call) throws(Diagnostic) in
        let prompt: String
        switch call["prompt"] {
        case .none: prompt = call.interpreter.input.passwordPrompt
        case let value: prompt = try call.interpreter.text(of: value, repr: false, at: call.range)
        }
        return .string(try read(call, prompt: prompt, password: true, function: "getpass"))
    }

    /// The `getpass` module (`import getpass`, `from getpass import getpass`).
    static let getpassModule = Namespace(name: "getpass", members: ["getpass": .function(getpass)])

    /// Reads through the session's input; a failure becomes the exception ipykernel (or
    /// CPython) raises. `function` names the caller in `StdinNotImplementedError`'s message.
    private static func read(_ call: Call, prompt: String, password: Bool, function: String) throws(Diagnostic) -> String {
        let interpreter = call.interpreter
        do {
            return try interpreter.input.readLine(prompt: prompt, password: password, output: interpreter.output,
                                                  cancellation: interpreter.cancellation)
        } catch {
            throw diagnostic(for: error, function: function, at: call.range)
        }
    }

    /// The Python exception for a failed read: ipykernel's texts for the kernel's cases.
    static func diagnostic(for failure: InputFailure, function: String, at range: SourceRange) -> Diagnostic {
        switch failure {
        case .notSupported:
            Diagnostic(.runtime, "\(function) was called, but this frontend does not support input requests.", range,
                       kind: "StdinNotImplementedError")
        case .interrupted: Diagnostic(.interrupt, "Interrupted by user", range)
        case .endOfFile(let message): Diagnostic(.runtime, message, range, kind: "EOFError")
        }
    }
}
