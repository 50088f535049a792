import ConvEngine

extension TorchBuiltins {
    /// `torch.set_printoptions(...)`, applied to the session's ``PrintOptions``.
    static let setPrintOptions = Builtin(
        "torch.set_printoptions", "precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None",
        summary: "Sets how tensors print: digits after the point (precision), the element count past which they are summarised (threshold) and the items kept at each end (edgeitems), the line width, and scientific notation forced on or off (sci_mode; None decides per tensor). profile='default', 'short' or 'full' sets the first four at once; as in PyTorch, sci_mode goes back to None unless given.",
        example: "torch.set_printoptions(precision=2)"
    ) { (call) throws(Diagnostic) in
        var options = call.interpreter.printOptions
        if case .string(let name) = call["profile"], let profile = PrintOptions.profile(name) {
            options.precision = profile.precision
            options.threshold = profile.threshold
            options.edgeItems = profile.edgeItems
            options.lineWidth = profile.lineWidth
        }
        if let precision = try call.optionalInt("precision") { options.precision = precision }
        if !call["threshold"].isNone { options.threshold = try call.double("threshold") }
        if let edgeItems = try call.optionalInt("edgeitems") { options.edgeItems = edgeItems }
        if let lineWidth = try call.optionalInt("linewidth") { options.lineWidth = lineWidth }
        options.sciMode = call["sci_mode"].isNone ? nil : try call.bool("sci_mode")
        guard options.precision >= 0 else {
            throw Diagnostic(.value, "ConvLang prints with precision 0 or more, not \(options.precision) (PyTorch fails when it next prints a float)", call.range(of: "precision"))
        }
        call.interpreter.printOptions = options
        return .none
    }
}
