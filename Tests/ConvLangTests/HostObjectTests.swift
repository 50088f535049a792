import Foundation
import Synchronization
import Testing
@testable import ConvLang

/// Host classes: a class another module defines (``TestCounter``, as the widget bridge
/// defines `IntSlider`), used from the language. The fixture's programs ran under
/// CPython 3.11 with the same class written in Python (`scripts/generate_host_fixtures.py`).
@Suite struct HostObjectTests {
    static let fixture = ProgramFixture("hosts/hosts")

    /// Records what a program writes and the values it displays.
    final class DisplaySink: OutputSink {
        private let state = Mutex<(stdout: String, displayed: [Value])>(("", []))
        func write(_ text: String, to stream: OutputChannel) { state.withLock { if stream == .stdout { $0.stdout += text } } }
        func display(_ value: Value) { state.withLock { $0.displayed.append(value) } }
        var stdout: String { state.withLock { $0.stdout } }
        var displayed: [Value] { state.withLock { $0.displayed } }
    }

    /// A session that knows `Counter` and `TraitError`, and `apply(f, *args)`: a builtin
    /// that calls the language back during a cell.
    static func session(_ sink: DisplaySink = DisplaySink()) -> Interpreter {
        Interpreter(output: sink, extensions: [apply], extensionValues: TestCounter.names)
    }

    static let apply = Builtin("apply", "f, *args", summary: "f(*args), called from Swift.", example: "apply(print, 1)") { (call) throws(Diagnostic) in
        guard case .tuple(let args) = call["args"] else { return .none }
        return try call.interpreter.call(call["f"], positional: args, at: call.range)
    }

    @Test func fixtureComesFromCPython3_11() {
        #expect(Self.fixture.metadata["python"]?.hasPrefix("3.11") == true)
        #expect(Self.fixture.cases.count >= 40)
        #expect(Set(Self.fixture.cases.map(\.id)).count == Self.fixture.cases.count)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesCPython(_ c: ProgramFixture.Case) {
        let source = c.source
        let (stdout, error) = onThread(stack: executionStackBytes) { () -> (String, String?) in
            let sink = DisplaySink()
            let result = Self.session(sink).run(source)
            return (sink.stdout, result.error.map { "\($0.kind): \($0.message)" })
        }
        #expect(ProgramFixture.maskingAddresses(stdout) == ProgramFixture.maskingAddresses(c.stdout), "\(c.id): stdout")
        #expect(error == c.error, "\(c.id): error")
    }

    @Test func modulesAddedByAnotherModuleAreImported() {
        let widgets = Namespace(name: "demo.widgets", members: TestCounter.names)
        let sink = DisplaySink()
        let interpreter = Interpreter(output: sink, extensionModules: [Namespace(name: "demo", members: ["widgets": .module(widgets)]), widgets])
        let source = """
            from demo.widgets import Counter, TraitError as TE
            import demo.widgets as w
            import demo
            print(Counter is w.Counter, demo.widgets.Counter is Counter, w)
            try:
                w.Counter(value=1.5)
            except TE as e:
                print(type(e).__name__)
            """
        #expect(interpreter.run(source).error == nil)
        #expect(sink.stdout == "True True <module 'demo.widgets'>\nTraitError\n")
        #expect(interpreter.run("Counter2 = 1\nfrom demo.widgets import Countr").error?.headline == "ImportError: cannot import name 'Countr' from 'demo.widgets'")
        let missing = interpreter.run("import demo.widget").error
        #expect(missing?.headline == "ModuleNotFoundError: No module named 'demo.widget'")
        #expect(missing?.note == "did you mean 'demo.widgets'?")
        #expect(Self.session().run("import demo").error?.headline == "ModuleNotFoundError: No module named 'demo'")
    }

    @Test func subclassingIsRefusedByName() {
        let error = Self.session().run("class Mine(Counter):\n    pass").error
        #expect(error?.kind == "NotImplementedError")
        #expect(error?.message.contains("'Counter'") == true)
    }

    @Test func deletingAHostsAttributeIsRefusedClearly() {
        let error = Self.session().run("c = Counter()\ndel c.value").error
        #expect(error?.headline == "NotImplementedError: ConvLang does not delete the attribute 'value' of a 'Counter' object")
    }

    @Test func unboundMethodsAreRefusedClearly() {
        let error = Self.session().run("Counter.bump").error
        #expect(error?.kind == "NotImplementedError")
        #expect(error?.message.contains("Counter") == true)
    }

    @Test func dirAndCompletionListTheAttributesAndMethods() throws {
        let interpreter = Self.session()
        #expect(interpreter.run("c = Counter()").error == nil)
        #expect(interpreter.complete("c.", cursor: 2).matches.filter { !$0.hasPrefix("_") } == ["bump", "description", "observe", "step", "value"])
        #expect(interpreter.complete("c.va", cursor: 4).matches == ["value"])
        #expect(interpreter.complete("Counter(st", cursor: 10).matches.first == "step=")
        #expect(interpreter.complete("c.bump(", cursor: 7).matches.first == "by=")
        let listed = interpreter.run("dir(c)").value.map(\.reprText) ?? ""
        for name in ["'bump'", "'description'", "'observe'", "'step'", "'value'", "'__class__'", "'__repr__'"] {
            #expect(listed.contains(name), "\(name) in \(listed)")
        }
        #expect(interpreter.run("c.vlaue").error?.note == "did you mean 'value'?")
    }

    @Test func helpShowsTheConstructorAndMethods() {
        let sink = DisplaySink()
        let interpreter = Self.session(sink)
        #expect(interpreter.run("help(Counter)").error == nil)
        #expect(sink.stdout.contains("<class 'demo.widgets.Counter'>"))
        #expect(sink.stdout.contains("Counter(value=0, step=1, description='')"))
        #expect(sink.stdout.contains("A counter that tells its observers."))
        #expect(sink.stdout.contains("Counter.bump(by=1)"))
    }

    @Test func displayAndACellsValueCarryTheHostsBundle() throws {
        let sink = DisplaySink()
        let interpreter = Self.session(sink)
        #expect(interpreter.run("c = Counter(2)\ndisplay(c)").error == nil)
        guard case .host(let shown as TestCounter)? = sink.displayed.first else {
            Issue.record("display published \(sink.displayed)")
            return
        }
        #expect(shown.mimeBundle()?["application/vnd.jupyter.widget-view+json"]?.contains("\"version_major\": 2") == true)
        let result = interpreter.run("c")
        guard case .host(let last as TestCounter)? = result.value else {
            Issue.record("the cell's value is \(String(describing: result.value))")
            return
        }
        #expect(last === shown)
        #expect(result.value?.displayText == "Counter(value=2, description='')")
    }

    @Test func observerErrorsPointAtTheAssignment() {
        let interpreter = Self.session()
        let source = "def bad(change):\n    return 1 / change['new']\nc = Counter(1)\nc.observe(bad)\nc.value = 0"
        guard let error = interpreter.run(source).error else {
            Issue.record("no error")
            return
        }
        let lines = IPythonTraceback().lines(for: error, source: SourceText(source), cell: 1).joined(separator: "\n")
        #expect(lines.contains("----> 5 c.value = 0"), "\(lines)")
        #expect(lines.contains("----> 2     return 1 / change['new']"), "\(lines)")
        #expect(lines.hasSuffix("ZeroDivisionError: division by zero"))
    }

    @Test func builtinsCallTheLanguageBackDuringACell() {
        let sink = DisplaySink()
        let interpreter = Self.session(sink)
        let source = "def f(x, y):\n    print('f', x + y)\n    return x * y\nprint(apply(f, 3, 4), apply(lambda: 5), apply(len, [1, 2]))\ntry:\n    apply(f, 1)\nexcept TypeError as e:\n    print(e)"
        #expect(interpreter.run(source).error == nil)
        #expect(sink.stdout == "f 7\n12 5 2\nf() missing 1 required positional argument: 'y'\n")
    }

    @Test func invokeCallsFromOutsideACell() throws {
        let sink = DisplaySink()
        let interpreter = Self.session(sink)
        #expect(interpreter.run("""
            class P:
                def __init__(self):
                    self.n = 0
                def add(self, k=1):
                    self.n += k
                    print('n is', self.n)
                    return self.n
            p = P()
            def g(x, scale=2):
                print('g', x)
                return x * scale
            h = lambda *a, **k: (a, sorted(k))
            """).error == nil)
        let g = try #require(interpreter.globals["g"]), p = try #require(interpreter.globals["p"]), h = try #require(interpreter.globals["h"])
        #expect(g.isCallable && h.isCallable && !p.isCallable)
        let method = try #require(interpreter.run("p.add").value)
        #expect(try interpreter.invoke(g, positional: [.int(5)], keywords: [("scale", .int(3))]).get().reprText == "15")
        #expect(try interpreter.invoke(method, keywords: [("k", .int(4))]).get().reprText == "4")
        #expect(try interpreter.invoke(h, positional: [.string("a")], keywords: [("z", .none)]).get().reprText == "(('a',), ['z'])")
        #expect(try interpreter.invoke(try #require(Library.globals["print"]), positional: [.string("hi")]).get().reprText == "None")
        #expect(sink.stdout == "g 5\nn is 4\nhi\n")
        #expect(interpreter.run("p.n").value?.reprText == "4")
    }

    @Test func invokeReturnsErrorsAsTracebacks() throws {
        let interpreter = Self.session()
        #expect(interpreter.run("def boom(x):\n    return {}[x]\n").error == nil)
        let boom = try #require(interpreter.globals["boom"])
        guard case .failure(let error) = interpreter.invoke(boom, positional: [.string("k")]) else {
            Issue.record("no error")
            return
        }
        #expect(error.kind == "KeyError")
        let lines = IPythonTraceback().lines(for: error, source: SourceText(""), cell: nil).joined(separator: "\n")
        #expect(lines.contains("----> 2     return {}[x]"), "\(lines)")
        #expect(lines.hasSuffix("KeyError: 'k'"), "\(lines)")
        guard case .failure(let wrong) = interpreter.invoke(boom) else {
            Issue.record("no error")
            return
        }
        #expect(wrong.headline == "TypeError: boom() missing 1 required positional argument: 'x'")
        #expect(wrong.range == nil)
        #expect(IPythonTraceback().lines(for: wrong, source: SourceText(""), cell: nil).last == "TypeError: boom() missing 1 required positional argument: 'x'")
        guard case .failure(let notCallable) = interpreter.invoke(.int(3)) else {
            Issue.record("no error")
            return
        }
        #expect(notCallable.headline == "TypeError: 'int' object is not callable")
    }

    @Test func anInterruptStopsAnInvokedLoop() throws {
        let interpreter = Self.session()
        #expect(interpreter.run("def spin(change):\n    while True:\n        pass\n").error == nil)
        let spin = try #require(interpreter.globals["spin"])
        let done = DispatchSemaphore(value: 0)
        let box = Box()
        DispatchQueue.global().async {
            box.result = interpreter.invoke(spin, positional: [.none])
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.2)
        interpreter.cancellation.cancel()
        #expect(done.wait(timeout: .now() + 5) == .success)
        if case .failure(let error)? = box.result { #expect(error.kind == "KeyboardInterrupt") } else { Issue.record("\(String(describing: box.result))") }
        interpreter.cancellation.reset()
        #expect(interpreter.run("1 + 1").value?.reprText == "2")
    }

    final class Box: @unchecked Sendable { var result: Result<Value, Diagnostic>? }
}
