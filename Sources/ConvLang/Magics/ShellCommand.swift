import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// `!command`: runs a command with `/bin/sh -c` and passes on its output while it runs,
/// as IPython's `system_piped` does.
///
/// The command's standard output and standard error reach the session's two streams as
/// they arrive (IPython reads both through one terminal, so it shows them together on
/// stdout); its standard input is empty. A raised cancellation flag interrupts the
/// command and everything it started (Foundation starts the shell in a process group of
/// its own): SIGINT, a moment to finish writing, then SIGKILL.
struct ShellCommand {
    /// The shell's command line.
    var command: String
    /// Where it runs: the session's working directory.
    var workingDirectory: String
    /// How often the flag is checked and the output passed on.
    var pollInterval: Double = 0.05
    /// How long an interrupted command may take to stop before it is killed
    /// (IPython's `terminate_timeout`).
    var terminateTimeout: Double = 0.2

    /// How the command ended.
    enum Outcome: Equatable {
        /// IPython's `_exit_code`: the exit status, or minus the signal that ended it.
        case finished(exitCode: Int)
        /// The flag was raised; the command was stopped.
        case interrupted
    }

    /// Runs the command, calling `write` on the calling thread with each piece of output.
    /// - Throws: the launch error, in the words of Python's `OSError`.
    func run(write: (String, OutputChannel) -> Void, isCancelled: () -> Bool) throws(Diagnostic) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory, isDirectory: true)
        process.standardInput = FileHandle.nullDevice
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        let collector = OutputCollector()
        do {
            try process.run()
        } catch {
            throw Diagnostic(.runtime, "\(error.localizedDescription)", nil, kind: "OSError")
        }
        collector.read(out.fileHandleForReading, as: .stdout)
        collector.read(err.fileHandleForReading, as: .stderr)

        var interruptedAt: Double?
        while true {
            collector.wait(seconds: pollInterval)
            for (text, channel) in collector.drain() { write(text, channel) }
            if collector.finished && !process.isRunning { break }
            if interruptedAt == nil, isCancelled() {
                interruptedAt = ProcessClock.monotonic()
                Self.signal(process, SIGINT)
            } else if let start = interruptedAt {
                let waited = ProcessClock.monotonic() - start
                if waited > terminateTimeout, process.isRunning { Self.signal(process, SIGKILL) }
                // Something outside the group may hold the pipes open; stop waiting.
                if waited > terminateTimeout + 1, !process.isRunning { break }
            }
        }
        for (text, channel) in collector.drain() { write(text, channel) }
        process.waitUntilExit()
        if interruptedAt != nil { return .interrupted }
        let status = Int(process.terminationStatus)
        if process.terminationReason == .uncaughtSignal { return .finished(exitCode: -status) }
        return .finished(exitCode: status > 128 ? -(status - 128) : status)
    }

    /// Sends `signal` to the command's process group, and to the shell itself.
    private static func signal(_ process: Process, _ signal: Int32) {
        let pid = process.processIdentifier
        guard pid > 0 else { return }
        kill(-pid, signal)
        kill(pid, signal)
    }
}

/// Reads a process's pipes on threads of their own and hands the text to the waiting
/// thread in the order it arrived.
private final class OutputCollector: Sendable {
    private struct State {
        var chunks: [(String, OutputChannel)] = []
        var pending: [OutputChannel: [UInt8]] = [:]
        var open = 0
    }

    private let state = Mutex(State())
    private let arrived = DispatchSemaphore(value: 0)

    /// Whether every pipe has reached its end.
    var finished: Bool { state.withLock { $0.open == 0 } }

    /// Starts reading `handle` until its end.
    func read(_ handle: FileHandle, as channel: OutputChannel) {
        state.withLock { $0.open += 1 }
        let descriptor = handle.fileDescriptor
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                append(Array(buffer[..<count]), channel, atEnd: false)
            }
            append([], channel, atEnd: true)
            withExtendedLifetime(handle) {}
        }
    }

    /// Waits until output arrives or `seconds` pass.
    func wait(seconds: Double) {
        _ = arrived.wait(timeout: .now() + seconds)
    }

    /// The text that arrived since the last call.
    func drain() -> [(String, OutputChannel)] {
        state.withLock { state in
            defer { state.chunks.removeAll() }
            return state.chunks
        }
    }

    /// Decodes what is complete of the bytes read so far: a character split between two
    /// reads waits for its last bytes (at the end, bad bytes become U+FFFD, as Python's
    /// `errors='replace'`).
    private func append(_ bytes: [UInt8], _ channel: OutputChannel, atEnd: Bool) {
        state.withLock { state in
            var data = state.pending[channel, default: []] + bytes
            let complete = atEnd ? data.count : UTF8Boundary.completePrefix(data)
            if complete > 0 {
                state.chunks.append((String(decoding: data[..<complete], as: UTF8.self), channel))
            }
            data.removeFirst(complete)
            state.pending[channel] = data
            if atEnd { state.open -= 1 }
        }
        arrived.signal()
    }
}
