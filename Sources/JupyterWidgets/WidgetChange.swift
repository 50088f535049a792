import JupyterKernel

/// One trait change as traitlets hands it to observers (`change` with `name`, `old`,
/// `new`, `owner`, `type` "change").
public struct WidgetChange: @unchecked Sendable {
    public let name: String
    public let old: JSONValue
    public let new: JSONValue
    /// The widget whose trait changed.
    public unowned let owner: Widget
}

/// Identifies an observer for ``Widget/unobserve(_:)``.
public struct ObserverID: Hashable, Sendable {
    let value: Int
}
