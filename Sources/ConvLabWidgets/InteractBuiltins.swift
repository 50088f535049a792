import ConvLang
import Foundation
import JupyterKernel
import JupyterWidgets

/// `interact`, `interactive` and `fixed`, as ipywidgets 8 builds them: one control per
/// parameter from its abbreviation (`(1, 4)` a slider, `['a', 'b']` a dropdown, `True` a
/// checkbox, a widget itself), an Output widget below, the function run at once and
/// again on every change with its output captured in the Output widget.
enum InteractBuiltins {
    static let signature = "f=None, /, **kwargs"

    static func interact(_ bridge: WidgetBridge) -> Builtin {
        Builtin("interact", signature,
                summary: "Shows a control for each argument of f (a tuple of numbers gives a slider, a list a dropdown, a bool a checkbox, a widget itself) and calls f again whenever one changes, its output shown below them; returns f. Without f, a decorator: @interact(stride=(1, 4)).",
                example: "interact(lambda stride, mode: print(stride, mode), stride=(1, 4), mode=['zeros', 'reflect'])") { (call) throws(Diagnostic) in
            try build(call, bridge, display: true)
        }
    }

    static func interactive(_ bridge: WidgetBridge) -> Builtin {
        Builtin("interactive", signature,
                summary: "interact's widget without displaying it: a VBox of the controls and an Output widget; display it to show it.",
                example: "w = interactive(lambda stride: stride * 2, stride=(1, 4))\ndisplay(w)") { (call) throws(Diagnostic) in
            try build(call, bridge, display: false)
        }
    }

    /// `fixed(value)`: passed to the function as it is, with no control.
    static let fixedClass = ClassObject.host("fixed", module: "ipywidgets.widgets.interaction",
                                             constructor: Builtin("fixed", "value", summary: "A value interact passes to the function unchanged, with no control.",
                                                                  example: "interact(f, x=(1, 4), weight=fixed(w))") { (call) throws(Diagnostic) in
        .host(FixedValue(call["value"]))
    })

    /// `interact(f, ...)`, `interact(...)(f)`, `interactive(f, ...)`.
    static func build(_ call: Call, _ bridge: WidgetBridge, display: Bool) throws(Diagnostic) -> Value {
        var kwargs: [(String, Value)] = []
        if case .dict(let dict) = call["kwargs"] {
            for (key, value) in dict.entries { if case .string(let k) = key { kwargs.append((k, value)) } }
        }
        let f = call["f"]
        if case .none = f {
            // ipywidgets' _InteractFactory: interact(**kwargs) returns a decorator.
            let name = call.builtin.name
            let kwargs = kwargs
            return .function(Builtin(name, "f", summary: "\(name) with the keyword arguments given.", example: "@\(name)(stride=(1, 4))") { (inner) throws(Diagnostic) in
                try run(inner["f"], kwargs, bridge, display: display, interpreter: inner.interpreter, at: inner.range)
            })
        }
        return try run(f, kwargs, bridge, display: display, interpreter: call.interpreter, at: call.range)
    }

    static func run(_ f: Value, _ kwargs: [(String, Value)], _ bridge: WidgetBridge, display: Bool,
                    interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value {
        guard f.isCallable else { throw Diagnostic(.type, "'\(f.typeName)' object is not callable", range) }
        let controls = try abbreviations(f, kwargs, at: range)
        var widgets: [(name: String, control: Value)] = []
        for (name, abbreviation, defaultValue) in controls {
            widgets.append((name, try widget(from: abbreviation, name: name, default: defaultValue, bridge, at: range)))
        }
        let output = try bridge.make("Output", [], at: range)
        let children = widgets.compactMap { entry -> Value? in
            if case .host(let object as WidgetObject) = entry.control { return .host(object) }
            return nil
        } + [.host(output)]
        let box = try bridge.make("VBox", [("_dom_classes", .tuple([.string("widget-interact")])), ("children", .tuple(children))], at: range)
        box.classOverride = bridge.interactiveClass
        let update: () -> Void = { [weak bridge] in
            guard let bridge else { return }
            var arguments: [(String, Value)] = []
            for (name, control) in widgets {
                switch control {
                case .host(let object as WidgetObject): arguments.append((name, WidgetValues.value(object.widget["value"], bridge: bridge)))
                case .host(let held as FixedValue): arguments.append((name, held.value))
                default: arguments.append((name, control))
                }
            }
            let result = bridge.runCaptured(f, keywords: arguments, into: output, autoDisplay: display)
            // interactive's `kwargs` and `result`, as ipywidgets keeps them.
            box.extras["kwargs"] = .newDict(arguments.map { (.string($0.0), $0.1) })
            // A call that raised keeps the last result; before any result there is none to read.
            box.extras["result"] = result ?? box.extras["result"]
        }
        for (_, control) in widgets {
            if case .host(let object as WidgetObject) = control {
                object.widget.observe(names: ["value"]) { _ in update() }
            }
        }
        update()
        guard display else { return .host(box) }
        interpreter.output.display(.host(box))
        return f
    }

    /// `(name, abbreviation, default)` for each parameter of `f`, in its order, then the
    /// keyword arguments it collects in `**kwargs` (ipywidgets' `find_abbreviations`).
    static func abbreviations(_ f: Value, _ kwargs: [(String, Value)], at range: SourceRange) throws(Diagnostic) -> [(String, Value, Value?)] {
        var remaining = kwargs
        var result: [(String, Value, Value?)] = []
        guard case .userFunction(let function) = f else {
            // A builtin or a method: its signature is not inspected, as ipywidgets does
            // for callables `inspect` cannot read; the keywords are the controls.
            return kwargs.map { ($0.0, $0.1, nil) }
        }
        for (parameter, defaultValue) in function.parameters {
            switch parameter.kind {
            case .positionalOrKeyword, .keywordOnly:
                if let index = remaining.firstIndex(where: { $0.0 == parameter.name }) {
                    result.append((parameter.name, remaining.remove(at: index).1, defaultValue))
                } else if let defaultValue {
                    result.append((parameter.name, defaultValue, defaultValue))
                } else {
                    throw Diagnostic(.value, "cannot find widget or abbreviation for argument: '\(parameter.name)'", range)
                }
            case .variadicKeyword:
                for (name, value) in remaining { result.append((name, value, nil)) }
                remaining = []
            case .positionalOnly, .variadicPositional:
                continue
            }
        }
        // Keywords that name no parameter are left out, as ipywidgets leaves them.
        return result
    }

    /// ipywidgets' `widget_from_abbrev`, with `description` set to the argument's name.
    static func widget(from abbreviation: Value, name: String, default defaultValue: Value?, _ bridge: WidgetBridge,
                       at range: SourceRange) throws(Diagnostic) -> Value {
        if case .host(let object as WidgetObject) = abbreviation {
            guard object.widget.hasTrait("value") else { throw Diagnostic(.type, "\(object.reprText) is not a ValueWidget", range) }
            try setDescription(object, name)
            return abbreviation
        }
        if case .host(is FixedValue) = abbreviation { return abbreviation }
        let made: WidgetObject
        switch abbreviation {
        case .tuple(let items):
            guard let slider = try slider(items, bridge, at: range) else {
                throw Diagnostic(.value, "\(abbreviation.reprText) cannot be transformed to a widget", range)
            }
            made = slider
            if let defaultValue, let json = WidgetValues.jsonIfPossible(defaultValue) { try? made.widget.set([("value", json)]) }
        case .bool(let b):
            made = try bridge.make("Checkbox", [("value", .bool(b))], at: range)
        case .int(let i):
            let (low, high) = i == 0 ? (i, i + 1) : i > 0 ? (-i, 3 * i) : (3 * i, -i)
            made = try bridge.make("IntSlider", [("value", .int(i)), ("min", .int(low)), ("max", .int(high))], at: range)
        case .float(let x):
            let (low, high) = x == 0 ? (x, x + 1) : x > 0 ? (-x, 3 * x) : (3 * x, -x)
            made = try bridge.make("FloatSlider", [("value", .float(x)), ("min", .float(low)), ("max", .float(high))], at: range)
        case .string:
            throw Diagnostic(.notImplemented, "ConvLang has no Text widget yet: interact cannot make a control for the string \(abbreviation.reprText) (give a list of choices for a dropdown)", range)
        case .list, .dict:
            made = try bridge.make("Dropdown", [("options", abbreviation)], at: range)
            if let defaultValue, let json = WidgetValues.jsonIfPossible(defaultValue) { try? made.widget.set([("value", json)]) }
        default:
            throw Diagnostic(.value, "\(abbreviation.reprText) cannot be transformed to a widget", range)
        }
        try setDescription(made, name)
        return .host(made)
    }

    /// The argument's name as the control's description, unless it has one.
    static func setDescription(_ object: WidgetObject, _ name: String) throws(Diagnostic) {
        guard object.widget.hasTrait("description"), object.widget["description"].string?.isEmpty ?? true else { return }
        try object.bridge.changing { () throws(WidgetError) in try object.widget.set([("description", .string(name))]) }
    }

    /// ipywidgets' `widget_from_tuple`: `(min, max)` or `(min, max, step)`, an IntSlider
    /// when every number is an int, else a FloatSlider; `nil` for other tuples.
    static func slider(_ items: [Value], _ bridge: WidgetBridge, at range: SourceRange) throws(Diagnostic) -> WidgetObject? {
        guard items.count == 2 || items.count == 3 else { return nil }
        var numbers: [Double] = []
        var allInts = true
        for item in items {
            switch item {
            case .int(let i): numbers.append(Double(i))
            case .float(let x): numbers.append(x); allInts = false
            case .bool(let b): numbers.append(b ? 1 : 0)
            default: return nil
            }
        }
        let (low, high) = (numbers[0], numbers[1])
        var value = allInts ? Double((Int(low) + (Int(high) - Int(low)) / 2)) : low + (high - low) / 2
        var traits: [(String, Value)] = []
        if items.count == 3 {
            let step = numbers[2]
            guard step > 0 else { throw Diagnostic(.value, "step must be >= 0, not \(items[2].reprText)", range) }
            value = low + Double(Int((value - low) / step)) * step
            traits.append(("step", items[2]))
        }
        guard low <= value, value <= high else {
            throw Diagnostic(.value, "value must be between min and max (min=\(items[0].reprText), value=\(allInts ? String(Int(value)) : Value.float(value).reprText), max=\(items[1].reprText))", range)
        }
        let number: Value = allInts ? .int(Int64(value)) : .float(value)
        return try bridge.make(allInts ? "IntSlider" : "FloatSlider", [("value", number), ("min", items[0]), ("max", items[1])] + traits, at: range)
    }
}

/// `fixed(value)`: an argument interact passes unchanged.
final class FixedValue: HostObject, @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
    var hostClass: ClassObject { InteractBuiltins.fixedClass }
    var attributeNames: [String] { ["value"] }
    func attribute(_ name: String, in interpreter: Interpreter) throws(Diagnostic) -> Value? { name == "value" ? value : nil }
}

extension WidgetBridge {
    /// interact's `update`: inside the Output widget's capture (its `msg_id`),
    /// `clear_output(wait=True)` then `f(**keywords)`, a result other than None displayed
    /// when `autoDisplay` (interact, not interactive). An exception is shown inside the
    /// capture and goes no further, as the Output widget's `__exit__` shows it in a
    /// kernel. Returns the result (nil after an exception).
    @discardableResult
    func runCaptured(_ f: Value, keywords: [(String, Value)], into output: WidgetObject, autoDisplay: Bool) -> Value? {
        guard let interpreter else { return nil }
        try? beginCapture(output)
        interpreter.output.clearOutput(wait: true)
        let outcome: Result<Value, Diagnostic>
        if inCell {
            do throws(Diagnostic) { outcome = .success(try interpreter.call(f, positional: [], keywords: keywords)) } catch { outcome = .failure(error) }
        } else {
            outcome = interpreter.invoke(f, positional: [], keywords: keywords)
        }
        var result: Value?
        switch outcome {
        case .success(let value):
            result = value
            if case .none = value {} else if autoDisplay { interpreter.output.display(value) }
        case .failure(let error):
            interpreter.output.showTraceback(error)
        }
        try? endCapture(output)
        return result
    }
}
