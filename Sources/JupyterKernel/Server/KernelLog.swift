import Foundation

/// Log lines to stderr (never stdout), filtered by level.
public struct KernelLog: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public var level: Level

    public init(level: Level = .warning) { self.level = level }

    public func debug(_ text: @autoclosure () -> String) { write(.debug, text()) }
    public func info(_ text: @autoclosure () -> String) { write(.info, text()) }
    public func warning(_ text: @autoclosure () -> String) { write(.warning, text()) }
    public func error(_ text: @autoclosure () -> String) { write(.error, text()) }

    private func write(_ at: Level, _ text: String) {
        guard at >= level else { return }
        FileHandle.standardError.write(Data("[convlab \(at)] \(text)\n".utf8))
    }
}
