@testable import ConvLang

/// A weak reference from Swift to the object a ConvLang value holds (a list, dict,
/// set, instance, class, function or module), to see whether the object was freed.
final class WeakValue {
    private(set) weak var object: AnyObject?

    init(_ value: Value?) {
        switch value {
        case .list(let o)?: object = o
        case .dict(let o)?: object = o
        case .set(let o)?: object = o
        case .instance(let o)?: object = o
        case .classObject(let o)?: object = o
        case .userFunction(let o)?: object = o
        case .boundMethod(let o)?: object = o
        case .exception(let o)?: object = o
        case .nnModule(let o)?: object = o
        default: object = nil
        }
    }

    /// A weak reference to the global `name`'s object (the strong one read from the
    /// globals is gone when this returns).
    convenience init(global name: String, in session: Session) {
        self.init(session.interpreter.globals[name])
    }

    var isFreed: Bool { object == nil }
}
