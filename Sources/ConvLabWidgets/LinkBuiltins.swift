import ConvLang
import JupyterKernel
import JupyterWidgets

/// `jslink` and `jsdlink`: links kept by the frontend (a Play button driving a slider
/// without a round trip to the kernel).
enum LinkBuiltins {
    static func jslink(_ bridge: WidgetBridge) -> Builtin {
        Builtin("jslink", "attr1, attr2", summary: "Keeps two widgets' traits equal in the frontend, both ways: jslink((play, 'value'), (slider, 'value')). Returns the Link widget.",
                example: "jslink((play, 'value'), (slider, 'value'))") { (call) throws(Diagnostic) in
            try link(call, bridge) { manager, source, target throws(WidgetError) in try manager.jslink(source, target) }
        }
    }

    static func jsdlink(_ bridge: WidgetBridge) -> Builtin {
        Builtin("jsdlink", "source, target", summary: "Copies one widget's trait to another's in the frontend, one way. Returns the DirectionalLink widget.",
                example: "jsdlink((slider, 'value'), (label, 'value'))") { (call) throws(Diagnostic) in
            try link(call, bridge) { manager, source, target throws(WidgetError) in try manager.jsdlink(source, target) }
        }
    }

    static func link(_ call: Call, _ bridge: WidgetBridge,
                     _ make: (WidgetManager, (Widget, String), (Widget, String)) throws(WidgetError) -> Widget) throws(Diagnostic) -> Value {
        let names = call.builtin.parameters.map(\.name)
        let source = try pair(call, names[0]), target = try pair(call, names[1])
        let manager = bridge.manager
        let link = try WidgetErrors.raising { () throws(WidgetError) in try make(manager, source, target) }
        return .host(bridge.object(for: link))
    }

    /// A `(widget, 'trait')` argument.
    static func pair(_ call: Call, _ name: String) throws(Diagnostic) -> (Widget, String) {
        guard let items = call[name].listOrTupleItems, items.count == 2, case .host(let object as WidgetObject) = items[0],
              case .string(let trait) = items[1] else {
            throw Diagnostic(.type, "\(name) must be a (widget, 'trait name') pair", call.range(of: name))
        }
        return (object.widget, trait)
    }
}
