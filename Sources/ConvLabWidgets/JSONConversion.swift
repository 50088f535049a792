import ConvLang
import JupyterKernel

/// One Python value turned into trait JSON, bounded: containers that hold themselves are
/// found (as json.dumps finds them), and a value shared many times over (`a = [a, a]`
/// sixty times: 2^60 leaves) or nested past ``maxDepth`` is refused before its walk
/// costs more than ``maxItems`` steps or the stack runs out.
struct JSONConversion {
    static let maxItems = 1 << 16
    static let maxDepth = 100

    /// Why the last ``convert(_:)`` gave nil.
    enum Refusal: Equatable {
        case circular, tooLarge, unsupported
    }

    private(set) var refusal: Refusal?
    private var items = 0
    /// The containers being converted, outermost first.
    private var path: [Value] = []

    mutating func convert(_ value: Value) -> JSONValue? {
        items += 1
        guard items <= Self.maxItems, path.count < Self.maxDepth else { return refuse(.tooLarge) }
        switch value {
        case .none: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        case .host(let object as WidgetObject): return object.widget.reference
        case .dict(let dict):
            guard enter(value) else { return nil }
            defer { path.removeLast() }
            var members: [String: JSONValue] = [:]
            for (key, item) in dict.entries {
                guard case .string(let name) = key else { return refuse(.unsupported) }
                guard let converted = convert(item) else { return nil }
                members[name] = converted
            }
            return .object(members)
        default:
            guard let elements = value.listOrTupleItems else { return refuse(.unsupported) }
            guard enter(value) else { return nil }
            defer { path.removeLast() }
            var converted: [JSONValue] = []
            for item in elements {
                guard let json = convert(item) else { return nil }
                converted.append(json)
            }
            return .array(converted)
        }
    }

    /// Steps into a container unless it is one of those it is inside.
    private mutating func enter(_ container: Value) -> Bool {
        if path.contains(where: { Value.identical($0, container) }) {
            _ = refuse(.circular)
            return false
        }
        path.append(container)
        return true
    }

    private mutating func refuse(_ why: Refusal) -> JSONValue? {
        if refusal == nil { refusal = why }
        return nil
    }
}
