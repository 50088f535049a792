import Synchronization

/// PyTorch's print options (`torch.set_printoptions`): how many digits, where lines
/// break, when a tensor is summarised with `...`, and whether scientific notation is
/// forced on or off.
///
/// Each ``Interpreter`` owns its options, so two sessions never see each other's; the
/// tensor printer reads those of the session being run (``current``), and PyTorch's
/// defaults anywhere else.
public struct PrintOptions: Sendable, Hashable {
    /// Digits after the decimal point (4).
    public var precision = 4
    /// Tensors of more elements than this are summarised (1000; `.infinity` never).
    public var threshold: Double = 1000
    /// Items shown at each end of a summarised dimension (3).
    public var edgeItems = 3
    /// The characters per line before a line break (80).
    public var lineWidth = 80
    /// `true` or `false` forces scientific notation on or off; `nil` lets each tensor
    /// decide from its values.
    public var sciMode: Bool?

    /// PyTorch's defaults, the `"default"` profile.
    public static let `default` = PrintOptions()

    /// The options of a named profile (`"default"`, `"short"`, `"full"`), or `nil` for a
    /// name PyTorch does not know (which it ignores).
    public static func profile(_ name: String) -> PrintOptions? {
        switch name {
        case "default": PrintOptions()
        case "short": PrintOptions(precision: 2, threshold: 1000, edgeItems: 2, lineWidth: 80)
        case "full": PrintOptions(precision: 4, threshold: .infinity, edgeItems: 3, lineWidth: 80)
        default: nil
        }
    }

    /// The options the printer uses now: the running session's, else the defaults.
    public static var current: PrintOptions { scope?.options ?? .default }

    /// The session whose options printing uses, bound around its work.
    @TaskLocal static var scope: Holder?

    /// One session's options, shared by reference so that a change made while a cell
    /// runs applies to what it prints next.
    final class Holder: Sendable {
        private let state = Mutex(PrintOptions())
        var options: PrintOptions {
            get { state.withLock { $0 } }
            set { state.withLock { $0 = newValue } }
        }
    }
}
