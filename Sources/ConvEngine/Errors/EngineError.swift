/// An error the engine reports: what PyTorch would refuse, in PyTorch's words.
///
/// The message is the text PyTorch prints (numbers included) so that a reader who
/// compares ConvLab with PyTorch sees the same refusal. ``pythonType`` names the
/// Python exception PyTorch raises, which the kernel reports as `ename`.
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, broadly.
    public enum Kind: String, Sendable, Hashable {
        /// Shapes that do not fit together (ranks, sizes, channels).
        case shape
        /// An argument outside what the operation accepts.
        case argument
        /// An element type the operation does not accept.
        case dtype
        /// An index outside a dimension.
        case index
        /// A request beyond ConvLab's size limits.
        case limit
        /// An allocation beyond the session's memory budget, or one the system refused.
        case memory
        /// The caller asked the computation to stop.
        case cancelled
    }

    public var kind: Kind
    /// The message, as PyTorch words it where PyTorch has one.
    public var message: String
    /// The Python exception class PyTorch raises: `RuntimeError`, `ValueError`,
    /// `IndexError`, `TypeError`, `NotImplementedError` or `KeyboardInterrupt`.
    public var pythonType: String

    public init(_ kind: Kind, _ message: String, pythonType: String = "RuntimeError") {
        self.kind = kind
        self.message = message
        self.pythonType = pythonType
    }

    public var description: String { "\(pythonType): \(message)" }

    static func shape(_ message: String) -> EngineError { EngineError(.shape, message) }
    static func argument(_ message: String, _ pythonType: String = "RuntimeError") -> EngineError {
        EngineError(.argument, message, pythonType: pythonType)
    }
    static func valueError(_ message: String) -> EngineError {
        EngineError(.argument, message, pythonType: "ValueError")
    }
    static func index(_ message: String) -> EngineError {
        EngineError(.index, message, pythonType: "IndexError")
    }
    static func dtype(_ message: String) -> EngineError { EngineError(.dtype, message) }
    static func limit(_ message: String) -> EngineError { EngineError(.limit, message) }
    /// The error raised when a ``CancellationFlag`` stops a computation.
    public static let cancelled = EngineError(.cancelled, "interrupted", pythonType: "KeyboardInterrupt")
}
