import ConvEngine

/// Where a running program's output goes: `print` to stdout, warnings to stderr,
/// rich values (later: diagrams) to the display.
public protocol OutputSink: Sendable {
    func write(_ text: String, to stream: OutputChannel)
    func display(_ value: Value)
    /// Help asked with `name?`: a frontend's pager (a kernel's `page` payload).
    func page(_ text: String)
    /// `clear_output(wait=...)`: clears the cell's output shown so far.
    func clearOutput(wait: Bool)
    /// `exit()` or `quit()` was called.
    func requestExit(keepKernel: Bool)
    /// An error shown without ending the cell (IPython's `showtraceback`: a widget
    /// callback's exception); a kernel publishes it as an `error` message.
    func showTraceback(_ error: Diagnostic)
}

extension OutputSink {
    /// Without a pager, help is printed.
    public func page(_ text: String) { write(text + "\n", to: .stdout) }
    /// Without a frontend there is nothing to clear.
    public func clearOutput(wait: Bool) {}
    /// `exit()`: a script stops; a console closes (a kernel's `ask_exit` payload).
    public func requestExit(keepKernel: Bool) {}
    /// Without a frontend, the traceback as text on stderr.
    public func showTraceback(_ error: Diagnostic) {
        write(IPythonTraceback().lines(for: error, source: SourceText(""), cell: nil).joined(separator: "\n") + "\n", to: .stderr)
    }
}

/// The two text streams.
public enum OutputChannel: Sendable, Hashable {
    case stdout, stderr
}

/// What running a cell gave: the value of its last expression (unless it was an
/// assignment, ended with `;`, or was `None`) or the error that stopped it.
public struct ExecutionResult: @unchecked Sendable {
    public var value: Value?
    public var error: Diagnostic?
}

/// A ConvLang session: variables persist from one `run` to the next, random draws come
/// from one PyTorch-exact generator, and a cancellation flag stops long work.
///
/// One interpreter serves one session and must be used from one thread at a time
/// (the kernel runs cells one after another); ``cancellation`` may be raised from any
/// thread.
public final class Interpreter: @unchecked Sendable {
    public let output: OutputSink
    public let generator: RandomGenerator
    /// Raised by an interrupt; checked between statements and inside long engine work.
    public let cancellation = CancellationFlag()
    /// Where `input()` and `getpass.getpass()` read: standard input unless a frontend
    /// sets its own (a kernel asks its client over the stdin channel).
    public var input: InputSource = StandardInput()
    /// The user's variables.
    public let globals = GlobalTable()
    /// Frees the cycles of lists, dicts, instances and functions this session made
    /// (Python's `gc`): it runs between module-level statements and loop iterations.
    public let cycleCollector = CycleCollector()
    /// Warnings already shown once (PyTorch's `TORCH_WARN_ONCE`).
    var warned: Set<String> = []
    /// Set by `exit()`: the rest of the cell or script does not run.
    var exitRequested = false
    /// How many user-function calls are running (Python's recursion depth).
    var callDepth = 0
    /// An error raised by a user's `__repr__`/`__str__`/`__bool__` while a value was
    /// printed or tested by code that cannot throw; the caller that can rethrows it
    /// (``Interpreter/text(of:repr:at:)``).
    var pendingError: Diagnostic?
    /// The engine state this session owns (grad mode, element cap, compute threads and
    /// workspace), bound around everything the session runs so that other sessions in
    /// the process never see it.
    public let engineContext: EngineContext
    /// Whether operations record gradients (`torch.no_grad()` and its kin set it).
    public var gradMode: GradMode { engineContext.gradMode }
    /// The errors being handled, innermost last: a bare `raise` re-raises the last.
    var handling: [Diagnostic] = []
    /// Interrupts caught by `except` in the cell being run (only the first is catchable).
    var interruptsCaught = 0
    /// The number of the cell being run in ``history`` (`In[n]`), for tracebacks.
    var currentCell: Int?
    /// This session's print options, shared with the printer while the session runs.
    let printOptionsHolder = PrintOptions.Holder()
    /// The cells run in this session, oldest first: IPython's input history, which
    /// `%history` prints (cell `n` is `history[n - 1]`).
    public internal(set) var history = CellHistory()
    /// History kept across sessions (a kernel's file), for `%history -g`, `-l` and other
    /// sessions' ranges; `nil`: this session's cells only. Set before any cell runs.
    public var historyArchive: HistoryArchive?
    /// The cell being run, so that errors in code a magic runs point into it.
    var currentSource: SourceText?
    /// The session's working directory and the directories visited (`%cd`, `%pwd`, `!`).
    var directories = DirectoryHistory()

    /// How tensors print in this session (`torch.set_printoptions`).
    public var printOptions: PrintOptions {
        get { printOptionsHolder.options }
        set { printOptionsHolder.options = newValue }
    }

    /// Runs `body` inside this session: tensors print under its ``printOptions``, the
    /// engine works in its ``engineContext`` (its grad mode, cap and threads), and the
    /// containers made join its ``cycleCollector``'s registry. `run` runs each cell
    /// inside it, and a frontend renders a cell's result inside it.
    public func withSession<T>(_ body: () throws -> T) rethrows -> T {
        try CycleRegistry.$current.withValue(cycleCollector.registry) {
            try PrintOptions.$scope.withValue(printOptionsHolder) { try engineContext.run { try body() } }
        }
    }

    /// Runs the cycle collector if it is due, when no user function is running: then
    /// no Swift code up the stack is inside a container's storage (a builtin calling
    /// back into the user's code, such as a sort's key), only the module-level
    /// statement or loop that called this.
    @inline(__always) func collectCyclesIfDue() {
        if callDepth == 0, cycleCollector.isDue { cycleCollector.collect() }
    }

    /// Builtins added by other modules (ConvRender's `explain`), by name.
    let extensions: [String: Value]
    /// Modules added by other modules, by dotted name.
    let extensionModules: [String: Namespace]

    /// The module at a dotted path (`import torch.nn.functional as F`): one of the
    /// library's or one another module added.
    func module(_ path: [String], at range: SourceRange) throws(Diagnostic) -> Value {
        if let added = extensionModules[path.joined(separator: ".")] { return .module(added) }
        return try Library.module(path, at: range, alsoKnown: extensionModules.keys.sorted())
    }

    /// - Parameters:
    ///   - extensions: builtins that other modules add to the language, such as the
    ///     renderers' teaching commands.
    ///   - extensionValues: other names other modules add: host classes
    ///     (``ClassObject/host(_:module:base:constructor:methods:)``), their exception
    ///     classes (`.exceptionType`); a builtin of `extensions` wins a clash.
    ///   - extensionModules: modules other modules add, found by `import` and `from
    ///     ... import` under their dotted ``Namespace/name`` (`import a.b` also needs `a`).
    ///   - engineContext: the session's engine state; a new one (gradients on, the
    ///     default cap, every processor) unless the caller sets a cap or threads.
    public init(output: OutputSink, generator: RandomGenerator = RandomGenerator(), extensions: [Builtin] = [],
                extensionValues: [String: Value] = [:], extensionModules: [Namespace] = [], engineContext: EngineContext = EngineContext()) {
        self.output = output
        self.engineContext = engineContext
        self.generator = generator
        self.extensions = Dictionary(extensions.map { ($0.name, Value.function($0)) }, uniquingKeysWith: { a, _ in a })
            .merging(extensionValues) { builtin, _ in builtin }
        self.extensionModules = Dictionary(extensionModules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for (name, module) in Library.preboundModules { globals[name] = module }
    }

    /// Runs a cell or script. Statements run in order; an error stops the rest. The
    /// statement that failed assigns nothing, though lists and dicts it changed in place
    /// before failing stay changed, as in Python. The cell joins ``history``.
    public func run(_ source: String) -> ExecutionResult {
        run(source, storeHistory: true)
    }

    /// Runs a cell or script, adding it to ``history`` when `storeHistory` is set (as in
    /// IPython, a blank cell never joins it); a kernel passes `false` for silent
    /// requests and user expressions.
    public func run(_ source: String, storeHistory: Bool) -> ExecutionResult {
        if storeHistory { recordHistory(source) }
        currentCell = storeHistory ? history.count : nil
        handling = []
        interruptsCaught = 0
        return withSession { runStatements(source) }
    }

    private func runStatements(_ source: String) -> ExecutionResult {
        let text = SourceText(source)
        let enclosingSource = currentSource
        currentSource = text
        defer { currentSource = enclosingSource }
        let program: Program
        do throws(Diagnostic) {
            program = try Parser.parse(text)
        } catch {
            return ExecutionResult(value: nil, error: error)
        }
        // The whole cell is resolved and compiled before any of it runs, as Python does.
        let compiled: [TopLevelStatement]
        do throws(Diagnostic) {
            compiled = try compileTopLevel(program, source: text)
        } catch {
            return ExecutionResult(value: nil, error: error)
        }
        let frame = Frame.module()
        var last: Value?
        for (i, statement) in compiled.enumerated() {
            do throws(Diagnostic) {
                let value = try runTopLevel(statement, in: frame)
                last = i == program.statements.count - 1 ? try value.map { (v) throws(Diagnostic) in try shown(v, at: statement.statement.range) } : nil
                if exitRequested {
                    exitRequested = false
                    return ExecutionResult(value: nil, error: nil)
                }
            } catch {
                return ExecutionResult(value: nil, error: error)
            }
        }
        if program.endsWithSemicolon { last = nil }
        if case .none? = last { last = nil }
        return ExecutionResult(value: last, error: nil)
    }

    /// One statement of a cell, compiled; an expression statement keeps its value.
    struct TopLevelStatement {
        let statement: Statement
        let run: CompiledStatement
        let value: CompiledExpression?
    }

    /// A cell's (or a magic's code's) statements, resolved at module level and compiled.
    func compileTopLevel(_ program: Program, source: SourceText) throws(Diagnostic) -> [TopLevelStatement] {
        let compiler = Compiler(interpreter: self, scope: try ScopeAnalysis.analyze(program),
                                origin: CodeOrigin(source: source, cell: currentCell))
        return try program.statements.map { (statement) throws(Diagnostic) in
            if case .expression(let e) = statement {
                return TopLevelStatement(statement: statement, run: { _ in .next }, value: try compiler.compile(e))
            }
            return TopLevelStatement(statement: statement, run: try compiler.compileStatement(statement, source: source), value: nil)
        }
    }

    /// Runs one compiled top-level statement; an expression statement gives its value.
    func runTopLevel(_ compiled: TopLevelStatement, in frame: Frame) throws(Diagnostic) -> Value? {
        if cancellation.isCancelled { throw Diagnostic(.interrupt, "", compiled.statement.range) }
        collectCyclesIfDue()
        // IPython's exit and quit work without parentheses.
        if case .expression(.name(let name, _)) = compiled.statement, ["exit", "quit"].contains(name), globals[name] == nil {
            return try execute(compiled.statement)
        }
        if let value = compiled.value { return try value(frame) }
        _ = try compiled.run(frame)
        return nil
    }

    /// Writes a warning to stderr, as Python's `warnings` module shows a UserWarning.
    /// - Parameters:
    ///   - once: shown the first time only (a warning PyTorch's C++ code gives once).
    ///   - location: where PyTorch's Python code raises it (`torch/nn/modules/conv.py:196`):
    ///     shown the first time from there only, as Python's default filter shows a
    ///     warning once per place it is raised.
    func warn(_ message: String, category: String = "UserWarning", once: Bool = false, location: String? = nil) {
        if once || location != nil {
            guard warned.insert(location.map { "\($0): \(message)" } ?? message).inserted else { return }
        }
        output.write("\(category): \(message)\n", to: .stderr)
    }

    // MARK: - Statements

    /// Runs one statement; returns the value of an expression statement.
    func execute(_ statement: Statement) throws(Diagnostic) -> Value? {
        switch statement {
        case .expression(.name(let name, let range)) where ["exit", "quit"].contains(name) && globals[name] == nil:
            // IPython's exit and quit work without parentheses.
            return try call(.name(name, range), [], at: range)
        case .expression(let e):
            return try evaluate(e)
        case .magic(let name, let argument, let cellBody, let range):
            // An error the magic could not place points at the magic.
            do { return try runMagic(name: name, argument: argument, cellBody: cellBody, at: range) } catch {
                throw error.placed(at: range)
            }
        case .shell(let command, let range):
            do { try runShell(command, at: range) } catch { throw error.placed(at: range) }
            return nil
        case .ifStatement, .whileStatement, .forStatement, .breakStatement, .continueStatement, .returnStatement,
             .functionDefinition, .classDefinition, .tryStatement, .raise, .assert, .with, .global, .nonlocal,
             .delete, .annotatedAssign:
            // Cells run compiled (Compilation/); this older path serves `help`, `from ... import` and `exit`.
            throw Diagnostic(.notImplemented, "ConvLang does not run this kind of statement in this position yet", statement.range)
        case .assign(let targets, let valueExpression, _):
            let value = try evaluate(valueExpression)
            for target in targets { try assign(value, to: target) }
            return nil
        case .augmentedAssign(let target, let op, let valueExpression, let range):
            try augmentedAssign(target, op: op, valueExpression, range: range)
            return nil
        case .importModule(let path, let alias, let range):
            let module = try module(path, at: range)
            if let alias {
                globals[alias] = module
            } else {
                globals[path[0]] = try self.module([path[0]], at: range)
            }
            return nil
        case .importFrom(let path, let names, let range):
            let module = try module(path, at: range)
            guard case .module(let namespace) = module else { return nil }
            for (name, alias) in names {
                if name == "*" {
                    for (member, value) in namespace.members { globals[member] = value }
                    continue
                }
                if let member = namespace.members[name] {
                    globals[alias ?? name] = member
                } else if let sub = try? self.module(path + [name], at: range) {
                    globals[alias ?? name] = sub
                } else {
                    throw Diagnostic(.module, "cannot import name '\(name)' from '\(path.joined(separator: "."))'", range,
                                     kind: "ImportError", note: Suggestions.didYouMean(name, among: Array(namespace.members.keys)))
                }
            }
            return nil
        case .pass:
            return nil
        case .help(let target, let detailLevel, _):
            let value = try evaluate(target)
            output.page(Help.text(for: value, named: Help.name(of: target), detailLevel: detailLevel))
            return nil
        }
    }

    func assign(_ value: Value, to target: Expression) throws(Diagnostic) {
        switch target {
        case .name(let name, _):
            globals[name] = value
        case .tuple(let items, let range), .list(let items, let range):
            let values = try unpack(value, count: items.count, at: range)
            for (item, v) in zip(items, values) { try assign(v, to: item) }
        case .attribute(let base, let name, let nameRange, _):
            try setAttribute(try evaluate(base), name, value, at: nameRange)
        case .subscription(let base, let items, let range):
            let container = try evaluate(base)
            try setItem(container, try evaluateItems(items), value, at: range)
        default:
            throw Diagnostic(.syntax, "cannot assign to this expression", target.range)
        }
    }

    func unpack(_ value: Value, count: Int, at range: SourceRange) throws(Diagnostic) -> [Value] {
        let items: [Value]
        switch value {
        case .tuple(let v): items = v
        case .list(let list): items = list.items
        case .size(let dims): items = dims.map { .int(Int64($0)) }
        case .range(let r) where r.count <= count + 1: items = r.items.map { .int($0) }
        case .range: throw Diagnostic(.value, "too many values to unpack (expected \(count))", range)
        case .record(_, let fields): items = fields.map(\.value)
        case .ndarray(let box) where box.tensor.rank > 0 && !box.isScalar: items = try arrayRows(box, at: range)
        case .tensor(let box) where box.tensor.rank > 0:
            var rows: [Value] = []
            for i in 0..<box.tensor.shape[0] {
                rows.append(.tensor(try engine(at: range) { () throws(EngineError) in try box.tensor.indexed([.integer(i)]) }))
            }
            items = rows
        case .string, .dict, .dictView, .set, .iterator:
            items = try self.items(of: value, at: range)
        default:
            throw Diagnostic(.type, "cannot unpack non-iterable \(value.typeName) object", range)
        }
        if items.count > count { throw Diagnostic(.value, "too many values to unpack (expected \(count))", range) }
        if items.count < count {
            throw Diagnostic(.value, "not enough values to unpack (expected \(count), got \(items.count))", range)
        }
        return items
    }

    private func augmentedAssign(_ target: Expression, op: String, _ valueExpression: Expression, range: SourceRange) throws(Diagnostic) {
        let current = try evaluate(target)
        let rhs = try evaluate(valueExpression)
        try assign(try augmentedValue(op, current, rhs, at: range), to: target)
    }

    /// `current op= rhs`: the value to store back in the target. A tensor, array or
    /// list changes in place (`__iadd__`) and is itself the result, so every name and
    /// view that shares it sees the change (`x[i] += v` then stores the view back, as
    /// Python does); anything else is `current op rhs`.
    func augmentedValue(_ op: String, _ current: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        if case .ndarray(let box) = current, !box.isScalar {
            try arrayAugmentedAssign(box, op, rhs, at: range)
            return current
        }
        if case .tensor(let box) = current {
            let other: Tensor? = if case .tensor(let o) = rhs { o.tensor } else { nil }
            let target = box.tensor
            let source = try engine(at: range) { () throws(EngineError) in try target.inPlaceSource(inputs: [other]) }
            guard case .tensor(let result) = try binary(op, .tensor(TensorBox(source)), rhs, at: range) else {
                throw Diagnostic(.type, "unsupported operand type(s) for \(op)=: '\(current.typeName)' and '\(rhs.typeName)'", range)
            }
            try engine(at: range) { () throws(EngineError) in try target.finishInPlace(with: result.tensor) }
            return current
        }
        if case .set(let set) = current, case .set(let other) = rhs, ["|", "&", "-", "^"].contains(op) {
            return .set(try SetMethods.binary(op, set, other, inPlace: true, OperatorContext(interpreter: self, range: range)))
        }
        if op == "|", case .dict(let dict) = current, case .dict(let other) = rhs {
            return .dict(DictMethods.merged(dict, other, inPlace: true))
        }
        if case .list(let list) = current, op == "+" || op == "*" {
            try inPlace(list, op, rhs, at: range)
            return current
        }
        if case .instance = current, let result = try instanceAugmented(op, current, rhs, at: range) { return result }
        return try binary(op, current, rhs, at: range)
    }

    /// `list += iterable` (any iterable, as `extend`) or `list *= n`, in place.
    private func inPlace(_ list: ListObject, _ op: String, _ rhs: Value, at range: SourceRange) throws(Diagnostic) {
        if op == "+" {
            let added = try items(of: rhs, at: range)
            let total = try Self.concatenated(list.items, added, typeName: "list", at: range)
            try checkInsertion(added, into: list, at: range)
            list.items = total
            return
        }
        let count: Int64
        switch rhs {
        case .int(let n): count = n
        case .bool(let b): count = b ? 1 : 0
        default: throw Diagnostic(.type, "can't multiply sequence by non-int of type '\(rhs.typeName)'", range)
        }
        list.items = try Self.repeated(list.items, count, typeName: "list", at: range)
    }

    /// Runs an engine operation, turning its errors into diagnostics at `range`.
    func engine<T>(at range: SourceRange, _ body: () throws(EngineError) -> T) throws(Diagnostic) -> T {
        try EngineCall.run(at: range, body)
    }
}
