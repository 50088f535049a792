import JupyterKernel

/// `_BoundedIntRange` (IntRangeSlider): `value` is a `(lower, upper)` pair of ints with
/// lower <= upper, clamped into `[min, max]`; bounds move both ends.
final class IntRangeBehavior: ModelBehavior, @unchecked Sendable {
    override func prepare(_ widget: Widget, _ kwargs: inout [(String, JSONValue)]) throws(WidgetError) {
        guard !kwargs.contains(where: { $0.0 == "value" && $0.1 != .null }) else { return }
        kwargs.removeAll { $0.0 == "value" }
        let low = kwargs.last { $0.0 == "min" }?.1.int ?? 0
        let high = kwargs.last { $0.0 == "max" }?.1.int ?? 100
        // Python's (0.75 * min + 0.25 * max, 0.25 * min + 0.75 * max), cast by CInt.
        let lower = 0.75 * Double(low) + 0.25 * Double(high)
        let upper = 0.25 * Double(low) + 0.75 * Double(high)
        kwargs.append(("value", [.double(lower), .double(upper)]))
    }

    /// `Tuple(CInt(), CInt())`: two ints, cast as Python's `int()`.
    override func typeCheck(_ widget: Widget, _ name: String, _ value: JSONValue) throws(WidgetError) -> JSONValue {
        guard name == "value" else { return value }
        guard let items = value.array, items.count == 2,
              let a = try TraitCoercion.intValue(items[0], casting: true),
              let b = try TraitCoercion.intValue(items[1], casting: true)
        else { throw TraitCoercion.refusal(value, name: name, spec: widget.spec) }
        return [a, b]
    }

    override func validate(_ widget: Widget, _ name: String, _ proposal: JSONValue) throws(WidgetError) -> JSONValue {
        let low = widget.trait("min").int ?? 0, high = widget.trait("max").int ?? 100
        let pair = widget.trait("value").array?.compactMap(\.int) ?? [low, high]
        switch name {
        case "value":
            let items = try typeCheck(widget, name, proposal).array!
            let a = items[0].int!, b = items[1].int!
            if b < a { throw .trait("setting lower > upper") }
            let lower = Swift.max(Swift.min(a, high), low), upper = Swift.max(Swift.min(b, high), low)
            return [.int(lower), .int(upper)]
        case "min":
            guard let v = proposal.int else { return proposal }
            if v > high { throw .trait("setting min > max") }
            try widget.assign("value", [.int(Swift.max(v, pair[0])), .int(Swift.max(v, pair[1]))])
            return proposal
        case "max":
            guard let v = proposal.int else { return proposal }
            if v < low { throw .trait("setting max < min") }
            try widget.assign("value", [.int(Swift.min(v, pair[0])), .int(Swift.min(v, pair[1]))])
            return proposal
        default:
            return proposal
        }
    }
}
