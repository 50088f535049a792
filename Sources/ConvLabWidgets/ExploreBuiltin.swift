import ConvEngine
import ConvLang
import ConvRender
import JupyterKernel
import JupyterWidgets

/// `explore(...)`: sliders for the parameters of a convolution or transposed
/// convolution, a Play button stepping the kernel, and one panel redrawn on every change.
enum ExploreBuiltin {
    static func explore(_ bridge: WidgetBridge) -> Builtin {
        Builtin("explore", "op, input=None, kernel_size=None, stride=1, padding=0, output_padding=0, dilation=1, groups=1, per_dimension=False",
                summary: "Sliders for input size, kernel size, stride, padding, dilation and output_padding (one per dimension with per_dimension=True), a Play button stepping the kernel over the output, and one picture redrawn on every change: the diagram, the output shape and explain's derivation, or PyTorch's message for values it refuses. Give a layer and an input, a function with keyword parameters, or a conv_arithmetic name. In a console: the picture for the starting values.",
                example: "explore(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1)") { (call) throws(Diagnostic) in
            let setup = try ExploreSetup(call)
            let explorer = try Explorer(setup, bridge: bridge, at: call.range)
            bridge.keep(explorer)
            call.interpreter.output.display(.host(explorer))
            return .none
        }
    }
}

/// One `explore` display: its widgets, the values they hold, and the redraw on change.
final class Explorer: HostObject, @unchecked Sendable {
    static let cls = ClassObject.host("Explorer", module: "convlab.widgets", constructor: nil)
    /// How many parameter sliders share a row.
    static let slidersPerRow = 3

    let setup: ExploreSetup
    unowned let bridge: WidgetBridge
    private(set) var values: ExploreValues
    private(set) var frame: ExplorePanel.Frame
    private var sliders: [String: Widget] = [:]
    private var step: Widget!
    private var play: Widget!
    private var panel: Widget!
    private var box: Widget!
    /// Set while the explorer changes its own sliders, so each change redraws once.
    private var adjusting = false

    init(_ setup: ExploreSetup, bridge: WidgetBridge, at range: SourceRange) throws(Diagnostic) {
        self.setup = setup
        self.bridge = bridge
        values = setup.start
        frame = ExplorePanel.render(setup, setup.start, step: 0)
        try WidgetErrors.raising { () throws(WidgetError) in try makeWidgets() }
    }

    /// Whether its box is closed (the bridge then lets it go).
    var isClosed: Bool { box?.isClosed ?? true }

    private func makeWidgets() throws(WidgetError) {
        let manager = bridge.manager
        var rows: [JSONValue] = []
        var row: [JSONValue] = []
        for spec in setup.sliders(values) {
            let slider = try manager.make("IntSlider", [("value", .int(spec.value)), ("min", .int(spec.min)), ("max", .int(spec.max)),
                                                       ("description", .string(spec.description))])
            sliders[spec.name] = slider
            let name = spec.name
            slider.observe(names: ["value"]) { [weak self] change in self?.parameterChanged(name, change.new) }
            row.append(slider.reference)
            if row.count == Self.slidersPerRow { rows.append(try manager.make("HBox", [("children", .array(row))]).reference); row = [] }
        }
        if !row.isEmpty { rows.append(try manager.make("HBox", [("children", .array(row))]).reference) }
        let last = max(frame.positionCount - 1, 0)
        play = try manager.make("Play", [("value", 0), ("min", 0), ("max", .int(last)), ("interval", 400), ("description", "Press play")])
        step = try manager.make("IntSlider", [("value", 0), ("min", 0), ("max", .int(last)), ("description", "step")])
        _ = try manager.jslink((play, "value"), (step, "value"))
        step.observe(names: ["value"]) { [weak self] _ in self?.redraw() }
        panel = try manager.make("HTML", [("value", .string(frame.html))])
        rows.append(try manager.make("HBox", [("children", [play.reference, step.reference])]).reference)
        rows.append(panel.reference)
        box = try manager.make("VBox", [("children", .array(rows))])
    }

    /// A parameter slider moved: the values follow, the other sliders' ranges follow
    /// (output_padding's cap), then one redraw.
    private func parameterChanged(_ name: String, _ new: JSONValue) {
        guard !adjusting, let value = new.int else { return }
        adjusting = true
        values = setup.setting(name, to: value, in: values)
        for spec in setup.sliders(values) {
            guard let slider = sliders[spec.name] else { continue }
            var changes: [(String, JSONValue)] = []
            if slider["min"].int != spec.min { changes.append(("min", .int(spec.min))) }
            if slider["max"].int != spec.max { changes.append(("max", .int(spec.max))) }
            if slider["value"].int != spec.value { changes.append(("value", .int(spec.value))) }
            if !changes.isEmpty { try? slider.set(changes) }
        }
        adjusting = false
        redraw()
    }

    /// Draws the panel for the current values and step; the step's range follows the
    /// number of kernel positions.
    private func redraw() {
        guard !adjusting else { return }
        adjusting = true
        defer { adjusting = false }
        frame = ExplorePanel.render(setup, values, step: step["value"].int ?? 0)
        let last = max(frame.positionCount - 1, 0)
        for widget in [step!, play!] where widget["max"].int != last { try? widget.set([("max", .int(last))]) }
        if frame.step != step["value"].int { try? step.set([("value", .int(frame.step))]) }
        try? panel.set([("value", .string(frame.html))])
    }

    var hostClass: ClassObject { Self.cls }

    /// The console's picture: the starting values' text, and where the sliders are.
    var reprText: String { frame.text + "\n\n" + ExplorePanel.consoleNote }

    func mimeBundle() -> [String: String]? {
        var bundle = WidgetValues.textBundle(box.displayData())
        bundle["text/plain"] = reprText
        return bundle
    }
}
