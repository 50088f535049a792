/// Why a widget refused a change or could not be made, with the text ipywidgets
/// (traitlets) gives in the same situation.
public enum WidgetError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A `TraitError`: a value of the wrong type, or one a validator refuses
    /// ("setting min > max", "Invalid selection: value not found").
    case trait(String)
    /// A trait the model does not have (refused here; Python would add a plain attribute).
    case unknownTrait(model: String, name: String)
    /// A model this layer does not offer.
    case unknownModel(String)
    /// A `TypeError`, as `jslink` raises for a trait that cannot be linked.
    case type(String)
    /// An `OverflowError`: a number Python's integers hold but 64 bits do not (`int()`
    /// of a float past 2^63 for an integer trait, where Python would go on to clamp it).
    case overflow(String)

    /// The Python exception's name.
    public var pythonName: String {
        switch self {
        case .trait: "TraitError"
        case .unknownTrait: "AttributeError"
        case .unknownModel: "NameError"
        case .type: "TypeError"
        case .overflow: "OverflowError"
        }
    }

    /// The exception's message, as Python prints it after the name.
    public var message: String {
        switch self {
        case .trait(let text), .type(let text), .overflow(let text): text
        case .unknownTrait(let model, let name): "'\(model)' object has no attribute '\(name)'"
        case .unknownModel(let name): "name '\(name)' is not defined"
        }
    }

    public var description: String { "\(pythonName): \(message)" }
}
