@testable import ConvLang

/// A host class defined outside the language, as the widget bridge defines its
/// widgets: `Counter(value=0, step=1, description='')` of module `demo.widgets`, with
/// a validated `value` (a `TraitError` of `traitlets.traitlets` for anything but an
/// int), `bump(by=1)`, `observe(handler, names='value')` and a widget-view bundle.
/// `scripts/generate_host_fixtures.py` holds the same class in Python.
final class TestCounter: HostObject {
    static let traitError = ExceptionType("TraitError", [.exception], module: "traitlets.traitlets")

    static let cls = ClassObject.host("Counter", module: "demo.widgets", constructor: constructor, methods: [bump, observe])

    /// The names a session with the class binds.
    static let names: [String: Value] = ["Counter": .classObject(cls), "TraitError": .exceptionType(traitError)]

    static let constructor = Builtin("Counter", "value=0, step=1, description=''", summary: "A counter that tells its observers.",
                                     example: "Counter(2, description='stride')") { (call) throws(Diagnostic) in
        let counter = TestCounter(id: nextID())
        try counter.setValue(call["value"], in: call.interpreter)
        counter.step = call["step"]
        counter.description = call["description"]
        return .host(counter)
    }

    static let bump = Builtin("Counter.bump", "by=1", summary: "Adds by * step to the value.", example: "c.bump()") { (call) throws(Diagnostic) in
        guard case .host(let object as TestCounter)? = call.receiver else { return .none }
        guard case .int(let by) = call["by"], case .int(let step) = object.step else {
            throw Diagnostic(.type, "unsupported operand type(s) for +: 'int' and '\(call["by"].typeName)'", call.range)
        }
        try object.setValue(.int(object.value + by * step), in: call.interpreter)
        return .int(object.value)
    }

    static let observe = Builtin("Counter.observe", "handler, names='value'", summary: "Calls handler(change) after each change of the value.",
                                 example: "c.observe(print)") { (call) throws(Diagnostic) in
        guard case .host(let object as TestCounter)? = call.receiver else { return .none }
        object.observers.append(call["handler"])
        return .none
    }

    nonisolated(unsafe) private static var counted = 0
    private static func nextID() -> Int { counted += 1; return counted }

    let id: Int
    var value: Int64 = 0
    var step: Value = .int(1)
    var description: Value = .string("")
    var observers: [Value] = []

    init(id: Int) { self.id = id }

    var hostClass: ClassObject { Self.cls }
    var reprText: String { "Counter(value=\(value), description=\(description.reprText))" }
    var attributeNames: [String] { ["value", "step", "description"] }

    func attribute(_ name: String, in interpreter: Interpreter) throws(Diagnostic) -> Value? {
        switch name {
        case "value": .int(value)
        case "step": step
        case "description": description
        default: nil
        }
    }

    func setAttribute(_ name: String, to newValue: Value, in interpreter: Interpreter) throws(Diagnostic) -> Bool {
        switch name {
        case "value": try setValue(newValue, in: interpreter)
        case "step": step = newValue
        case "description": description = newValue
        default: return false
        }
        return true
    }

    func mimeBundle() -> [String: String]? {
        ["application/vnd.jupyter.widget-view+json": "{\"model_id\": \"counter-\(id)\", \"version_major\": 2, \"version_minor\": 0}"]
    }

    /// The validated write of `value`, then each observer called with the change.
    func setValue(_ newValue: Value, in interpreter: Interpreter) throws(Diagnostic) {
        guard case .int(let new) = newValue else {
            let message = "The 'value' trait of a Counter instance expected an int, not the \(newValue.typeName) \(newValue.reprText)."
            throw Diagnostic(raising: ExceptionObject(type: Self.traitError, args: [.string(message)]), at: nil)
        }
        let old = value
        value = new
        for handler in observers {
            let change = Value.newDict([(.string("name"), .string("value")), (.string("old"), .int(old)), (.string("new"), .int(new)),
                                        (.string("owner"), .host(self)), (.string("type"), .string("change"))])
            _ = try interpreter.call(handler, positional: [change])
        }
    }
}
