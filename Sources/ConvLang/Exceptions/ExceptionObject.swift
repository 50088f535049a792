/// A Python exception: its class and arguments, what caused it, and, once raised, the
/// frames it passed through. `except ValueError as e` binds one; `raise` throws one
/// inside a ``Diagnostic``. Exceptions are objects (compared by identity), as in Python.
public final class ExceptionObject: CycleTracked, @unchecked Sendable, Hashable {
    public let type: ExceptionType
    /// `e.args`.
    public var args: [Value]
    /// `raise ... from cause` (`e.__cause__`).
    public var cause: ExceptionObject?
    /// The exception being handled when this one was raised (`e.__context__`).
    public var context: ExceptionObject?
    /// Set by `raise ... from ...`: the context is not shown (`e.__suppress_context__`).
    public var suppressContext = false
    /// Where it was raised and the frames it passed through until it was caught, for
    /// the chained tracebacks ("The above exception was ..."); `nil` until caught.
    public internal(set) var traceback: Traceback?

    public init(type: ExceptionType, args: [Value]) {
        self.type = type
        self.args = args
    }

    /// `str(e)`: no arguments give `""`, one gives its `str` (a `KeyError`'s key, its
    /// `repr`), several give the tuple's `repr`.
    public var strText: String {
        switch args.count {
        case 0: return ""
        case 1: return type.isSubclass(of: .keyError) ? args[0].reprText : args[0].strText
        default: return Value.tuple(args).reprText
        }
    }

    /// `repr(e)`: `ValueError('bad')`, `KeyError('a')`, `ValueError()`.
    public var reprText: String {
        "\(type.name)(\(args.map(\.reprText).joined(separator: ", ")))"
    }

    /// The exception chained before this one and the words that join them, as Python
    /// prints a chain: the cause, or (unless suppressed) the context.
    public var chained: (exception: ExceptionObject, explanation: String)? {
        if let cause { return (cause, "The above exception was the direct cause of the following exception:") }
        if let context, !suppressContext {
            return (context, "During handling of the above exception, another exception occurred:")
        }
        return nil
    }

    public static func == (a: ExceptionObject, b: ExceptionObject) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Where an exception went: its frames from the outermost in, each with the code it
/// ran and the range that was running.
public struct Traceback: Sendable, Hashable {
    public var frames: [TracebackFrame]
}

/// One frame of a traceback: a cell, script or function, and the range in it that was
/// running when the error passed.
public struct TracebackFrame: Sendable, Hashable {
    public var origin: CodeOrigin
    public var range: SourceRange?

    public init(origin: CodeOrigin, range: SourceRange?) {
        self.origin = origin
        self.range = range
    }
}

/// The code a frame runs: the source it came from (the cell or script, and the cell's
/// number in the session) and, for a function, its name and parameter names and the
/// lines it spans there. One per cell and per `def`, shared by every frame that runs it.
public final class CodeOrigin: @unchecked Sendable, Hashable {
    public let source: SourceText
    /// The cell's number (`In[3]`); `nil` for a script or code run without history.
    public let cell: Int?
    /// The function's name (`f`, `<lambda>`), `nil` at the top level of a cell.
    public let function: String?
    /// Its parameters as CPython's code object lists them: positional, keyword-only,
    /// then `*args` and `**kwargs` (IPython shows `in f(a, b, *args)`).
    public let parameters: [String]
    /// The 1-based lines of the `def` (through its last line), `nil` for a cell.
    public let lines: ClosedRange<Int>?

    public init(source: SourceText, cell: Int?, function: String? = nil, parameters: [String] = [], lines: ClosedRange<Int>? = nil) {
        self.source = source
        self.cell = cell
        self.function = function
        self.parameters = parameters
        self.lines = lines
    }

    /// The same code in a function defined at `range` of this origin's source.
    func function(_ name: String, parameters: [String], at range: SourceRange) -> CodeOrigin {
        let first = source.location(of: min(range.start, source.bytes.count)).line
        let last = source.location(of: min(max(range.start, range.end - 1), source.bytes.count)).line
        return CodeOrigin(source: source, cell: cell, function: name, parameters: parameters, lines: first...max(first, last))
    }

    /// A lambda defined in this code: its frame shows the enclosing code's lines, as
    /// IPython (stack_data) shows a lambda's, since a lambda is no `def`.
    func lambda(parameters: [String]) -> CodeOrigin {
        CodeOrigin(source: source, cell: cell, function: "<lambda>", parameters: parameters, lines: lines)
    }

    public static func == (a: CodeOrigin, b: CodeOrigin) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// A traceback's frames as IPython shows them: a run of the same frame repeated (deep
/// recursion) keeps its first two and its last, with the count of those skipped.
enum TracebackEntry {
    case frame(TracebackFrame)
    /// `[... skipping similar frames: down at line 2 (987 times)]`.
    case skipped(function: String, line: Int, count: Int)

    static func collapsing(_ frames: [TracebackFrame]) -> [TracebackEntry] {
        var out: [TracebackEntry] = []
        var i = 0
        while i < frames.count {
            var end = i + 1
            while end < frames.count, frames[end] == frames[i] { end += 1 }
            let run = end - i
            if run >= 4, let range = frames[i].range {
                let line = frames[i].origin.source.location(of: min(range.start, frames[i].origin.source.bytes.count)).line
                out += [.frame(frames[i]), .frame(frames[i]),
                        .skipped(function: frames[i].origin.function ?? "<module>", line: line, count: run - 3), .frame(frames[i])]
            } else {
                out += frames[i..<end].map(TracebackEntry.frame)
            }
            i = end
        }
        return out
    }

    /// The skipped run's line, as IPython words it.
    var skippedText: String? {
        guard case .skipped(let function, let line, let count) = self else { return nil }
        return "    [... skipping similar frames: \(function) at line \(line) (\(count) times)]"
    }
}
