import JupyterKernel

/// `_BoundedInt` / `_BoundedFloat` (IntSlider, Play, FloatSlider): `value` is clamped
/// into `[min, max]`; moving a bound past `value` moves `value`; crossing bounds is refused.
final class BoundedNumberBehavior: ModelBehavior, @unchecked Sendable {
    /// "setting min > max" for ints, "Setting min > max" for floats (ipywidgets' texts).
    private let minMessage: String

    init(minMessage: String) {
        self.minMessage = minMessage
    }

    override func validate(_ widget: Widget, _ name: String, _ proposal: JSONValue) throws(WidgetError) -> JSONValue {
        let low = number(widget.trait("min")), high = number(widget.trait("max"))
        switch name {
        case "value":
            let v = number(proposal)
            return low > v || high < v ? like(proposal, Swift.min(Swift.max(v, low), high)) : proposal
        case "min":
            let v = number(proposal)
            if v > high { throw .trait(minMessage) }
            if v > number(widget.trait("value")) { try widget.assign("value", proposal) }
            return proposal
        case "max":
            let v = number(proposal)
            if v < low { throw .trait("setting max < min") }
            if v < number(widget.trait("value")) { try widget.assign("value", proposal) }
            return proposal
        default:
            return proposal
        }
    }

    private func number(_ v: JSONValue) -> Double {
        switch v {
        case .int(let i): Double(i)
        case .double(let d): d
        default: .nan
        }
    }

    /// `v` in the JSON type of `model` (ints stay ints).
    private func like(_ model: JSONValue, _ v: Double) -> JSONValue {
        if case .int = model { return .int(Int(v)) }
        return .double(v)
    }
}
