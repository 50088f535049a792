/// A Python exception class: its name, the module that defines it, and its bases.
/// Python's built-in classes (and the few that NumPy and IPython raise through
/// ConvLang) are data here, arranged as CPython 3.11 arranges them:
///
/// ```
/// BaseException
///  ├── KeyboardInterrupt, SystemExit, GeneratorExit
///  └── Exception
///       ├── ArithmeticError > ZeroDivisionError, OverflowError, FloatingPointError
///       ├── LookupError > IndexError, KeyError
///       ├── RuntimeError > NotImplementedError, RecursionError
///       ├── NameError > UnboundLocalError
///       ├── ImportError > ModuleNotFoundError
///       ├── SyntaxError > IndentationError > TabError
///       └── ValueError, TypeError, AttributeError, AssertionError, StopIteration, ...
/// ```
///
/// PyTorch raises plain `RuntimeError`, `ValueError`, `TypeError` and `IndexError`, so
/// `except RuntimeError` catches a shape mismatch in a convolution.
public final class ExceptionType: @unchecked Sendable, Hashable {
    /// `ValueError`.
    public let name: String
    /// `builtins`, or where a non-builtin class lives (`numpy.exceptions`).
    public let module: String
    /// The direct bases, in order (NumPy's `AxisError` has two).
    public let bases: [ExceptionType]

    /// A class of exceptions deriving from `bases`: Python's own, or one a module
    /// outside ConvLang raises (`ExceptionType("TraitError", [.exception], module:
    /// "traitlets.traitlets")`), thrown with ``Diagnostic/init(raising:at:)``.
    public init(_ name: String, _ bases: [ExceptionType], module: String = "builtins") {
        self.name = name
        self.bases = bases
        self.module = module
    }

    /// `<class 'ValueError'>`, `<class 'numpy.exceptions.AxisError'>`.
    public var reprText: String { module == "builtins" ? "<class '\(name)'>" : "<class '\(module).\(name)'>" }

    /// Python's method resolution order, this class first (depth first, each class once:
    /// enough for the hierarchy above, where only `AxisError` has two bases).
    public var mro: [ExceptionType] {
        var order: [ExceptionType] = []
        func visit(_ type: ExceptionType) {
            guard !order.contains(type) else { return }
            order.append(type)
            type.bases.forEach(visit)
        }
        visit(self)
        // The shared roots come after every class that derives from them.
        let roots = [Self.exception, Self.baseException].filter(order.contains)
        return order.filter { !roots.contains($0) } + roots
    }

    /// Whether this class is `other` or derives from it.
    public func isSubclass(of other: ExceptionType) -> Bool {
        self === other || bases.contains { $0.isSubclass(of: other) }
    }

    public static func == (a: ExceptionType, b: ExceptionType) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

extension ExceptionType {
    static let baseException = ExceptionType("BaseException", [])
    public static let exception = ExceptionType("Exception", [baseException])
    static let keyboardInterrupt = ExceptionType("KeyboardInterrupt", [baseException])
    static let arithmeticError = ExceptionType("ArithmeticError", [exception])
    static let lookupError = ExceptionType("LookupError", [exception])
    static let runtimeError = ExceptionType("RuntimeError", [exception])
    static let nameError = ExceptionType("NameError", [exception])
    static let importError = ExceptionType("ImportError", [exception])
    static let syntaxError = ExceptionType("SyntaxError", [exception])
    static let indentationError = ExceptionType("IndentationError", [syntaxError])
    static let valueError = ExceptionType("ValueError", [exception])
    static let typeError = ExceptionType("TypeError", [exception])
    static let indexError = ExceptionType("IndexError", [lookupError])
    static let keyError = ExceptionType("KeyError", [lookupError])
    static let osError = ExceptionType("OSError", [exception])
    static let warning = ExceptionType("Warning", [exception])

    /// The classes Python names without an import, by name.
    static let builtins: [String: ExceptionType] = {
        let all: [ExceptionType] = [
            baseException, exception, keyboardInterrupt,
            ExceptionType("SystemExit", [baseException]), ExceptionType("GeneratorExit", [baseException]),
            arithmeticError, ExceptionType("ZeroDivisionError", [arithmeticError]),
            ExceptionType("OverflowError", [arithmeticError]), ExceptionType("FloatingPointError", [arithmeticError]),
            lookupError, indexError, keyError,
            runtimeError, ExceptionType("NotImplementedError", [runtimeError]), ExceptionType("RecursionError", [runtimeError]),
            nameError, ExceptionType("UnboundLocalError", [nameError]),
            importError, ExceptionType("ModuleNotFoundError", [importError]),
            syntaxError, indentationError, ExceptionType("TabError", [indentationError]),
            valueError, ExceptionType("UnicodeError", [valueError]), typeError,
            ExceptionType("AttributeError", [exception]), ExceptionType("AssertionError", [exception]),
            ExceptionType("StopIteration", [exception]), ExceptionType("MemoryError", [exception]),
            ExceptionType("BufferError", [exception]), ExceptionType("EOFError", [exception]),
            ExceptionType("ReferenceError", [exception]), ExceptionType("SystemError", [exception]),
            osError, ExceptionType("FileNotFoundError", [osError]), ExceptionType("FileExistsError", [osError]),
            ExceptionType("PermissionError", [osError]), ExceptionType("TimeoutError", [osError]),
            warning, ExceptionType("UserWarning", [warning]), ExceptionType("DeprecationWarning", [warning]),
            ExceptionType("RuntimeWarning", [warning]), ExceptionType("FutureWarning", [warning]),
        ]
        return Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }()

    /// Classes ConvLang raises that Python does not name without an import.
    static let others: [String: ExceptionType] = [
        "AxisError": ExceptionType("AxisError", [valueError, indexError], module: "numpy.exceptions"),
        "UFuncTypeError": ExceptionType("UFuncTypeError", [typeError], module: "numpy.core._exceptions"),
        "UsageError": ExceptionType("UsageError", [exception], module: "IPython.core.error"),
    ]

    /// Python's built-in exception class `name` (`ValueError`), to derive a host's
    /// exception classes from; `nil` for a name that is none.
    public static func builtin(named name: String) -> ExceptionType? { builtins[name] }

    /// The class a diagnostic of kind `name` raises. Every kind ConvLang raises has
    /// one; an unknown kind becomes a class of that name deriving from `Exception`, so
    /// that `except Exception` still catches it.
    static func named(_ name: String) -> ExceptionType {
        builtins[name] ?? others[name] ?? ExceptionType(name, [exception], module: "convlang")
    }
}
