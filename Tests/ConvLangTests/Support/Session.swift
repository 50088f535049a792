import Foundation
import Synchronization
@testable import ConvLang

/// Records what a program writes.
final class RecordingSink: OutputSink {
    private let state = Mutex<(stdout: String, stderr: String)>(("", ""))

    func write(_ text: String, to stream: OutputChannel) {
        state.withLock { if stream == .stdout { $0.stdout += text } else { $0.stderr += text } }
    }

    func display(_ value: Value) { write(value.displayText + "\n", to: .stdout) }

    var stdout: String { state.withLock { $0.stdout } }
    var stderr: String { state.withLock { $0.stderr } }
}

/// A session with recorded output.
struct Session {
    let sink = RecordingSink()
    let interpreter: Interpreter

    /// Answers `input()` (no lines unless a test gives some: the input has ended).
    let input: ScriptedInput

    /// - Parameters:
    ///   - maxElements: the session's element cap (a test lowers it to reach the limits
    ///     cheaply).
    ///   - input: the lines `input()` reads, never the test runner's standard input.
    ///   - maxMemory: the session's memory budget in bytes (the system's default if nil).
    init(maxElements: Int = EngineLimits.defaultMaxElements, input lines: [String] = [], maxMemory: Int? = nil) {
        interpreter = Interpreter(output: sink, engineContext: EngineContext(maxElements: maxElements, maxMemory: maxMemory))
        input = ScriptedInput(lines)
        interpreter.input = input
    }

    /// Runs code; returns the cell's value text, or throws the diagnostic.
    @discardableResult
    func run(_ code: String) throws -> String? {
        let result = interpreter.run(code)
        if let error = result.error { throw error }
        return interpreter.withSession { result.value?.displayText }
    }

    /// Runs code that must fail; returns the diagnostic.
    func failure(_ code: String) -> Diagnostic? { interpreter.run(code).error }

    func tensor(_ name: String) -> ConvEngineTensor? {
        if case .tensor(let box)? = interpreter.globals[name] { return box.tensor }
        return nil
    }
}

import ConvEngine
typealias ConvEngineTensor = Tensor

/// The fixtures folder inside the test bundle.
enum Fixtures {
    static var directory: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}

/// The built `convlab` executable, beside the test bundle.
enum ConvLabExecutable {
    static var url: URL? {
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("convlab")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// Runs `convlab` with arguments and optional standard input.
    static func run(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let url else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let (out, err, input) = (Pipe(), Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdoutData, as: UTF8.self), String(decoding: stderrData, as: UTF8.self))
    }
}
