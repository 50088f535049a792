import ConvEngine
import ConvLabWidgets
import ConvLang
import ConvRender
import Foundation
import JupyterKernel

/// ConvLang behind the Jupyter protocol: the one place that knows both.
final class ConvLabKernel: KernelInterpreter, @unchecked Sendable {
    static let version = "0.4.0"

    private let sink: KernelSink
    /// ipywidgets in the language; its widgets reach the frontend once the kernel's
    /// comms are attached.
    private let widgets = WidgetBridge()
    /// Created once, before any thread can reach it (the execution thread runs code;
    /// interrupts come from the control thread and the SIGINT handler).
    private let interpreter: Interpreter

    /// - Parameters:
    ///   - engineContext: the session's engine state (`--max-elements` sets its cap).
    ///   - history: the kernel's history across sessions, for `%history`.
    init(engineContext: EngineContext, history: HistoryArchive? = nil) {
        sink = KernelSink()
        interpreter = widgets.makeInterpreter(output: sink, extensions: TeachingBuiltins.all, engineContext: engineContext)
        interpreter.historyArchive = history
    }

    func attach(_ services: KernelServices) {
        widgets.attach(comms: services.comms, currentRequest: services.currentRequest, log: services.log)
        sink.betweenCells = services.output
        interpreter.input = KernelInput(channel: services.stdin)
    }

    func kernelInfo() -> JSONValue {
        [
            "implementation": "convlab",
            "implementation_version": .string(Self.version),
            "language_info": [
                "name": "convlab", "version": .string(Self.version), "mimetype": "text/x-python",
                "file_extension": ".convlab", "pygments_lexer": "python", "codemirror_mode": "python",
            ],
            "banner": .string("ConvLab \(Self.version): convolution and transposed convolution with PyTorch's numbers. Type help() or name? for help."),
            "help_links": [["text": "PyTorch: ConvTranspose2d", "url": "https://pytorch.org/docs/stable/generated/torch.nn.ConvTranspose2d.html"]],
        ]
    }

    func execute(code: String, executionCount: Int, silent: Bool, storeHistory: Bool, userExpressions: [String: String],
                 allowStdin: Bool, publisher: Publisher) -> ExecuteOutcome {
        sink.begin(publisher, silent: silent)
        defer { sink.end() }
        return widgets.runningCell {
            run(code, executionCount: executionCount, silent: silent, storeHistory: storeHistory, userExpressions: userExpressions, publisher: publisher)
        }
    }

    private func run(_ code: String, executionCount: Int, silent: Bool, storeHistory: Bool, userExpressions: [String: String],
                     publisher: Publisher) -> ExecuteOutcome {
        let result = interpreter.run(code, storeHistory: storeHistory && !silent)
        if let error = result.error {
            let traceback = IPythonTraceback().lines(for: error, source: SourceText(code), cell: storeHistory && !silent ? executionCount : nil)
            publisher.error(name: error.kind, value: error.message, traceback: traceback)
            return .error(name: error.kind, value: error.message, traceback: traceback)
        }
        if let value = result.value, !silent {
            let data = interpreter.withSession { Self.bundle(value) }
            publisher.executeResult(count: executionCount, data: data, metadata: [:])
        }
        var expressions: [String: JSONValue] = [:]
        for (name, source) in userExpressions {
            let outcome = interpreter.run(source, storeHistory: false)
            if let error = outcome.error {
                expressions[name] = ["status": "error", "ename": .string(error.kind), "evalue": .string(error.message), "traceback": []]
            } else {
                let data = interpreter.withSession { Self.bundle(outcome.value ?? .none) }
                expressions[name] = ["status": "ok", "data": .object(data), "metadata": [:]]
            }
        }
        var payload = sink.pages.map { text -> JSONValue in ["source": "page", "data": ["text/plain": .string(text)], "start": 0] }
        if let exit = sink.exitPayload { payload.append(exit) }
        return .ok(payload: payload, userExpressions: expressions)
    }

    /// The MIME bundle of a value: always text/plain; tensors also text/html; widgets
    /// their view, a JSON type sent as JSON.
    static func bundle(_ value: Value) -> [String: JSONValue] { MimeBundle.json(value) }

    func complete(code: String, cursor: Int) -> Completions {
        let result = interpreter.complete(code, cursor: cursor)
        return Completions(matches: result.matches, cursorStart: result.cursorStart, cursorEnd: result.cursorEnd,
                           types: result.types.map { ($0.type, $0.signature) })
    }

    func inspect(code: String, cursor: Int, detailLevel: Int) -> [String: JSONValue]? {
        interpreter.inspect(code, cursor: cursor, detailLevel: detailLevel).map { ["text/plain": .string($0)] }
    }

    func isComplete(code: String) -> (status: String, indent: String) {
        switch Completeness.check(code) {
        case .complete: ("complete", "")
        case .incomplete(let indent): ("incomplete", indent)
        case .invalid: ("invalid", "")
        }
    }

    func interrupt() { interpreter.cancellation.cancel() }

    func resetInterrupt() { interpreter.cancellation.reset() }

    func shutdown(restart: Bool) {}
}

/// Sends ConvLang's output to the publisher of the request being run.
final class KernelSink: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var publisher: Publisher?
    private var silent = false
    /// Where output goes between cells (a widget observer printing, for a `comm_msg`).
    var betweenCells: Publisher? {
        get { lock.withLock { idle } }
        set { lock.withLock { idle = newValue } }
    }
    private var idle: Publisher?
    private(set) var pages: [String] = []

    func begin(_ publisher: Publisher, silent: Bool) {
        lock.withLock { self.publisher = publisher; self.silent = silent; pages = []; exitPayload = nil }
    }

    func end() { lock.withLock { publisher = nil } }

    func write(_ text: String, to stream: OutputChannel) {
        guard let publisher = lock.withLock({ silent ? nil : self.publisher ?? idle }) else { return }
        publisher.stream(stream == .stdout ? "stdout" : "stderr", text)
    }

    func display(_ value: Value) {
        lock.withLock { publisher ?? idle }?.displayData(ConvLabKernel.bundle(value), metadata: [:], displayID: nil)
    }

    func page(_ text: String) { lock.withLock { pages.append(text) } }

    func clearOutput(wait: Bool) { lock.withLock { publisher ?? idle }?.clearOutput(wait: wait) }

    /// IPython's `showtraceback`: an `error` message that does not end the request.
    func showTraceback(_ error: Diagnostic) {
        let traceback = IPythonTraceback().lines(for: error, source: SourceText(""), cell: nil)
        lock.withLock { silent ? nil : publisher ?? idle }?.error(name: error.kind, value: error.message, traceback: traceback)
    }

    private(set) var exitPayload: JSONValue?

    func requestExit(keepKernel: Bool) {
        lock.withLock { exitPayload = ["source": "ask_exit", "keepkernel": .bool(keepKernel)] }
    }
}
