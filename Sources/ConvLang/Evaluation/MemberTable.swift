/// The members of a value, by its type: one table that attribute lookup's "did you
/// mean", completion after `.`, `dir()` and `hasattr` all read.
enum MemberTable {
    /// Every attribute name of `value`: for an instance, its own attributes then its
    /// class's members (through the MRO); for a class, its members and those of its
    /// bases; for builtin values, their fields and methods.
    static func names(of value: Value) -> [String] {
        switch value {
        case .instance(let object):
            var names = object.attributes.entries.compactMap { if case .string(let s) = $0.key { s } else { nil } }
            names += classMembers(object.cls)
            return unique(names + ["__class__", "__dict__", "__doc__", "__module__"])
        case .classObject(let cls):
            if cls.isBuiltin, let constructor = cls.constructor, let sample = sampleValue[constructor.name] {
                return unique(Methods.attributeNames(of: sample) + classSpecials)
            }
            return unique(classMembers(cls) + classSpecials)
        case .nnModule(let module):
            guard let cls = module.userClass else { return Methods.attributeNames(of: value) }
            return unique(module.attributes.keys + classMembers(cls) + ModuleAttributes.names(of: module))
        case .userFunction:
            return ["__name__", "__qualname__", "__doc__", "__module__"]
        case .boundMethod:
            return ["__self__", "__func__", "__name__", "__qualname__", "__doc__"]
        default:
            return Methods.attributeNames(of: value)
        }
    }

    private static let classSpecials = ["__name__", "__qualname__", "__module__", "__bases__", "__mro__", "__doc__", "__class__"]

    /// Builtin values whose methods a builtin type lists (`dir(list)`).
    private static let sampleValue: [String: Value] = ["list": .newList(), "dict": .newDict()]

    private static func classMembers(_ cls: ClassObject) -> [String] {
        cls.mro.flatMap { c in c.namespace.entries.compactMap { if case .string(let s) = $0.key { s } else { nil } } }
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
