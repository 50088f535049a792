/// Calling the language's callables from Swift: a builtin calling the function it was
/// given (`interact(f, ...)` runs `f` at once), and a module outside ConvLang calling
/// one between cells (a widget's observer, fired because a frontend moved a slider).
extension Interpreter {
    /// Calls `callee` (a user function or lambda, a bound method, a builtin, a class,
    /// anything `callee(...)` calls in the language) from a builtin that is running,
    /// inside the session and the cell that called the builtin.
    /// - Parameter range: where errors point: the builtin's call (``Call/range``); `nil`
    ///   for code that knows no place (a host's attribute setter calling an observer),
    ///   whose errors the interpreter places at the expression that reached the host.
    /// - Throws: what the call raises, as a Python exception the cell may catch; a
    ///   TypeError when `callee` cannot be called or the arguments do not fit.
    public func call(_ callee: Value, positional: [Value], keywords: [(String, Value)] = [], at range: SourceRange? = nil) throws(Diagnostic) -> Value {
        let place = range ?? Self.outsideAnyCell
        let arguments = CallArguments(positional: positional.map { ($0, place) }, keywords: keywords.map { ($0.0, place, $0.1, place) },
                                      range: place, calleeRange: place)
        do throws(Diagnostic) {
            return try callable(for: callee, at: place).call(arguments, in: self)
        } catch where range == nil {
            throw Self.unplaced(error)
        }
    }

    /// Calls `callee` from outside any cell, on the thread that runs cells, when none
    /// is running: inside the session (its engine state, grad mode and print options),
    /// with `print` going to ``output`` as usual.
    ///
    /// Nothing escapes: a Python exception, a RecursionError or an interrupt (raising
    /// ``cancellation`` stops a callback that loops, as it stops a cell; the caller
    /// resets the flag as before a cell) comes back as the failure, with the frames of
    /// the functions it left and no place in any cell. Show it as a cell's error is shown:
    /// `IPythonTraceback().lines(for: error, source: SourceText(""), cell: nil)`.
    public func invoke(_ callee: Value, positional: [Value] = [], keywords: [(String, Value)] = []) -> Result<Value, Diagnostic> {
        let (savedHandling, savedInterrupts, savedExit) = (handling, interruptsCaught, exitRequested)
        handling = []
        interruptsCaught = 0
        defer { (handling, interruptsCaught, exitRequested) = (savedHandling, savedInterrupts, savedExit) }
        return withSession { () -> Result<Value, Diagnostic> in
            do throws(Diagnostic) {
                if cancellation.isCancelled { throw Diagnostic(.interrupt, "", nil) }
                return .success(try call(callee, positional: positional, keywords: keywords))
            } catch {
                return .failure(error)
            }
        }
    }

    /// The place of a call made from no place: no source at all.
    private static let outsideAnyCell = SourceRange(0, 0)

    /// `error` without the stand-in place of a call made from no place.
    private static func unplaced(_ error: Diagnostic) -> Diagnostic {
        var out = error
        if out.range == outsideAnyCell { out.range = nil }
        if out.callSite == outsideAnyCell { out.callSite = nil }
        return out
    }
}

extension Value {
    /// Python's `callable(x)`: whether `x(...)` may be called (a user function, a
    /// builtin, a bound method, a class, an exception class, a layer, an instance whose
    /// class defines `__call__`).
    public var isCallable: Bool {
        switch self {
        case .function, .userFunction, .boundMethod, .classObject, .method, .nnModule, .exceptionType, .gradMode: true
        case .numpyDType(let d): d.isScalarType
        case .instance(let object): object.cls.lookup("__call__") != nil
        default: false
        }
    }
}
