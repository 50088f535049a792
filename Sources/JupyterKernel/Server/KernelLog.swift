import Foundation

/// Log lines to stderr (never stdout), filtered by level.
public struct KernelLog: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public var level: Level
    /// Starts every line, with the level: `[prefix warning] …`.
    public var prefix: String

    public init(level: Level = .warning, prefix: String = "kernel") {
        self.level = level
        self.prefix = prefix
    }

    public func debug(_ text: @autoclosure () -> String) { write(.debug, text()) }
    public func info(_ text: @autoclosure () -> String) { write(.info, text()) }
    public func warning(_ text: @autoclosure () -> String) { write(.warning, text()) }
    public func error(_ text: @autoclosure () -> String) { write(.error, text()) }
    /// A line written whatever the level: what the kernel starts with (its memory
    /// budget), as ipykernel's start-up notes are always printed.
    public func notice(_ text: String) { write(label: "notice", text) }

    private func write(_ at: Level, _ text: String) {
        guard at >= level else { return }
        write(label: "\(at)", text)
    }

    private func write(label: String, _ text: String) {
        // write(2) rather than FileHandle, which traps when stderr is closed or its
        // reader is gone; a lost log line must never take the kernel down.
        var bytes = Array("[\(prefix) \(label)] \(text)\n".utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
