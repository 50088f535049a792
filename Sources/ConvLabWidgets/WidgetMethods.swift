import ConvLang
import ConvRender
import Foundation
import JupyterKernel
import JupyterWidgets

/// The methods of widget objects: `observe`, `unobserve`, `close`, `send`,
/// `get_state` on every widget; `Output`'s capture and append methods.
enum WidgetMethods {
    static func receiver(_ call: Call) throws(Diagnostic) -> WidgetObject {
        guard case .host(let object as WidgetObject)? = call.receiver else {
            throw Diagnostic(.type, "\(call.builtin.qualifiedName)() needs a widget", call.range)
        }
        return object
    }

    /// traitlets' `names`: a name, a list of names, or None for every trait.
    static func names(_ value: Value, at range: SourceRange) throws(Diagnostic) -> [String]? {
        switch value {
        case .none: return nil
        case .string(let name): return [name]
        default:
            guard let items = value.listOrTupleItems else {
                throw Diagnostic(.type, "names must be a string or a list of strings, not \(value.typeName)", range)
            }
            var names: [String] = []
            for item in items {
                guard case .string(let name) = item else { throw Diagnostic(.type, "names must be strings, not \(item.typeName)", range) }
                names.append(name)
            }
            return names
        }
    }

    static func common(_ bridge: WidgetBridge) -> [Builtin] {
        [
            Builtin("Widget.observe", "handler, names=None, type='change'",
                    summary: "Calls handler(change) after each change of the traits `names` (all when None), made in the kernel or in the frontend; change has name, old, new, owner and type, read as change['new'] or change.new.",
                    example: "w.observe(lambda change: print(change['new']), names='value')") { (call) throws(Diagnostic) in
                // traitlets takes any handler; one that cannot be called raises when a change fires it.
                try changeType(call)
                try receiver(call).observe(call["handler"], names: try names(call["names"], at: call.range(of: "names")))
                return .none
            },
            Builtin("Widget.unobserve", "handler, names=None, type='change'",
                    summary: "Stops calling handler for the traits `names` (ValueError if it was not observing them).",
                    example: "w.unobserve(on_change, names='value')") { (call) throws(Diagnostic) in
                try changeType(call)
                try receiver(call).unobserve(call["handler"], names: try names(call["names"], at: call.range(of: "names")), at: call.range(of: "handler"))
                return .none
            },
            Builtin("Widget.unobserve_all", "name=None",
                    summary: "Stops calling every handler of trait `name` (of every trait when None).",
                    example: "w.unobserve_all()") { (call) throws(Diagnostic) in
                let object = try receiver(call)
                if case .string(let name) = call["name"] { object.notifiers[name] = nil } else { object.notifiers = [:] }
                return .none
            },
            Builtin("Widget.close", "", summary: "Closes the widget: its comm closes and every view of it disappears from the frontend.",
                    example: "w.close()") { (call) throws(Diagnostic) in
                try receiver(call).widget.close()
                return .none
            },
            Builtin("Widget.send", "content, buffers=None", summary: "Sends a custom message to the frontend's model.",
                    example: "w.send({'event': 'ping'})") { (call) throws(Diagnostic) in
                let object = try receiver(call)
                object.widget.send(try WidgetValues.json(call["content"], trait: "content", of: object.widget.modelName))
                return .none
            },
            Builtin("Widget.get_state", "key=None", summary: "The synced traits (or the one named `key`) as the frontend receives them.",
                    example: "w.get_state('value')") { (call) throws(Diagnostic) in
                let object = try receiver(call)
                let keys: [String]
                if case .none = call["key"] { keys = object.widget.keys } else { keys = try names(call["key"], at: call.range(of: "key")) ?? [] }
                return .newDict(keys.map { (.string($0), WidgetValues.value(object.widget[$0], bridge: bridge)) })
            },
        ]
    }

    /// traitlets observes only `type='change'` events among those ipywidgets sends.
    static func changeType(_ call: Call) throws(Diagnostic) {
        let type = try call.string("type")
        guard type == "change" else {
            throw Diagnostic(.notImplemented, "ConvLang widgets observe type='change' only, not '\(type)'", call.range(of: "type"))
        }
    }

    static func output(_ bridge: WidgetBridge) -> [Builtin] {
        [
            Builtin("Output.append_stdout", "text", summary: "Adds text to the widget's output as standard output.",
                    example: "out.append_stdout('hello\\n')") { (call) throws(Diagnostic) in
                let object = try receiver(call)
                let text = try call.string("text")
                try bridge.changing { () throws(WidgetError) in try object.widget.appendStdout(text) }
                return .none
            },
            Builtin("Output.append_stderr", "text", summary: "Adds text to the widget's output as standard error.",
                    example: "out.append_stderr('warning\\n')") { (call) throws(Diagnostic) in
                let object = try receiver(call)
                let text = try call.string("text")
                try bridge.changing { () throws(WidgetError) in try object.widget.appendStderr(text) }
                return .none
            },
            Builtin("Output.append_display_data", "display_object", summary: "Adds an object's display (as display() shows it) to the widget's output.",
                    example: "out.append_display_data(x)") { (call) throws(Diagnostic) in
                let object = try receiver(call)
                try bridge.append(call["display_object"], to: object)
                return .none
            },
            Builtin("Output.clear_output", "wait=False", summary: "Clears the widget's output (with wait=True, when the next output arrives).",
                    example: "out.clear_output()") { (call) throws(Diagnostic) in
                let object = try receiver(call)
                try bridge.clear(object, wait: try call.bool("wait"), interpreter: call.interpreter)
                return .none
            },
            Builtin("Output.__enter__", "", summary: "`with out:` sends what the block prints and displays to the widget.",
                    example: "with out:\n    print('captured')") { (call) throws(Diagnostic) in
                try bridge.beginCapture(try receiver(call))
                return .none
            },
            Builtin("Output.__exit__", "exc_type, exc_value, traceback", summary: "Ends `with out:`; in a kernel an exception raised in the block is shown in the widget and goes no further, as ipywidgets does.",
                    example: "with out:\n    print('captured')") { (call) throws(Diagnostic) in
                let object = try receiver(call)
                var suppressed = false
                if case .exception(let exception) = call["exc_value"], bridge.hasFrontend {
                    // ipywidgets shows the traceback (captured in the widget) and suppresses it.
                    var error = Diagnostic(raising: exception, at: nil)
                    error.frames = exception.traceback?.frames ?? []
                    call.interpreter.output.showTraceback(error)
                    suppressed = true
                }
                try bridge.endCapture(object)
                return .bool(suppressed)
            },
        ]
    }
}
