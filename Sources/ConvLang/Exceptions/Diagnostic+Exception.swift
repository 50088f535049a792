/// Diagnostics as Python exceptions: each diagnostic raises an ``ExceptionObject`` of
/// the class its ``Diagnostic/kind`` names, which `except` matches and binds.
extension Diagnostic {
    /// The diagnostic that raises `exception` at `range` (`nil`: where the code that
    /// reached it stands).
    public init(raising exception: ExceptionObject, at range: SourceRange?) {
        self.init(.runtime, exception.strText, range, kind: exception.type.name)
        self.exception = exception
    }

    /// Python's `KeyError` for a missing key: its argument is the key itself.
    static func keyError(_ key: Value, at range: SourceRange?) -> Diagnostic {
        Diagnostic(raising: ExceptionObject(type: .keyError, args: [key]), at: range)
    }

    /// The exception this diagnostic raises, made (and kept) from its kind and message
    /// if code did not raise one.
    mutating func exceptionObject() -> ExceptionObject {
        if let exception { return exception }
        let made = ExceptionObject(type: .named(kind), args: message.isEmpty ? [] : [.string(message)])
        exception = made
        return made
    }

    /// An interrupt from outside (the kernel's, or a cancelled engine computation), not
    /// a `KeyboardInterrupt` the program raised itself.
    var isInterrupt: Bool { code == .interrupt }

    /// ConvLab's own limits (sizes, nesting) are no Python exceptions: no handler
    /// catches them, so code cannot retry past one.
    var isLimit: Bool { kind == Category.limit.rawValue }

    /// The error leaving the function that `origin` runs, which was called at
    /// `callSite`: the function's frame joins the traceback.
    func unwound(from origin: CodeOrigin, calledAt callSite: SourceRange) -> Diagnostic {
        var out = self
        out.frames.insert(TracebackFrame(origin: origin, range: outerRange), at: 0)
        out.callSite = callSite
        return out
    }

    /// The traceback of the error caught in code that `origin` runs: that frame, then
    /// the frames it left.
    func traceback(caughtIn origin: CodeOrigin) -> Traceback {
        Traceback(frames: [TracebackFrame(origin: origin, range: outerRange)] + frames)
    }
}
