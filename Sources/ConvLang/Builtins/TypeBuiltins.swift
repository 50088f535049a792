/// Python's builtins about types and attributes: `type`, `isinstance`, `issubclass`,
/// `hasattr`, `getattr`, `setattr`, `delattr`, `callable`, `vars`, `dir`, and the
/// decorators `staticmethod`, `classmethod`, `property`, and `super`.
enum TypeBuiltins {
    static let all: [Builtin] = [isinstance, issubclass, hasattr, getattr, setattr, delattr, callable, vars, dir]

    static let type = Builtin("type", "*args", summary: "The class of an object: type(x).", example: "type(x)") { (call) throws(Diagnostic) in
        guard case .tuple(let args) = call["args"] else { return .none }
        switch args.count {
        case 1:
            if case .exception(let e) = args[0] { return .exceptionType(e.type) }
            return .classObject(BuiltinTypes.classOf(args[0]))
        case 3: throw Diagnostic(.notImplemented, "ConvLang does not make classes with type(name, bases, dict) yet; write a class statement", call.range)
        default: throw Diagnostic(.type, "type() takes 1 or 3 arguments", call.range)
        }
    }

    static let isinstance = Builtin("isinstance", "obj, class_or_tuple, /", summary: "Whether obj is an instance of the class (or of one of a tuple of classes), or of a subclass.",
                                    example: "isinstance(x, torch.Tensor)") { (call) throws(Diagnostic) in
        let object = call["obj"]
        let cls = BuiltinTypes.classOf(object)
        return .bool(try matches(call["class_or_tuple"], call: call, message: "isinstance() arg 2 must be a type, a tuple of types, or a union") {
            switch $0 {
            case .cls(let c): cls.isSubclass(of: c)
            case .exception(let t): if case .exception(let e) = object { e.type.isSubclass(of: t) } else { false }
            }
        })
    }

    static let issubclass = Builtin("issubclass", "cls, class_or_tuple, /", summary: "Whether cls is the class (or one of a tuple of classes) or derives from it.",
                                    example: "issubclass(bool, int)") { (call) throws(Diagnostic) in
        let subject = call["cls"]
        switch subject {
        case .classObject, .exceptionType: break
        default: throw Diagnostic(.type, "issubclass() arg 1 must be a class", call.range)
        }
        return .bool(try matches(call["class_or_tuple"], call: call, message: "issubclass() arg 2 must be a class, a tuple of classes, or a union") {
            switch ($0, subject) {
            case (.cls(let c), .classObject(let cls)): cls.isSubclass(of: c)
            case (.cls(let c), .exceptionType): c.isSame(as: BuiltinTypes.object)
            case (.exception(let t), .exceptionType(let type)): type.isSubclass(of: t)
            default: false
            }
        })
    }

    /// A class `isinstance` and `issubclass` take: a class value, or an exception class.
    private enum ClassInfo { case cls(ClassObject), exception(ExceptionType) }

    /// Whether `test` holds for the class, or for one of a (nested) tuple of classes.
    private static func matches(_ info: Value, call: Call, message: String, _ test: (ClassInfo) -> Bool) throws(Diagnostic) -> Bool {
        if case .tuple(let items) = info {
            for item in items where try matches(item, call: call, message: message, test) { return true }
            return false
        }
        if case .exceptionType(let type) = info { return test(.exception(type)) }
        guard let cls = BuiltinTypes.classInfo(info) else { throw Diagnostic(.type, message, call.range) }
        return test(.cls(cls))
    }

    static let getattr = Builtin("getattr", "object, name, default=None, /", summary: "obj.name, with name given as a string; with a default, the default where the attribute is missing.",
                                 example: "getattr(conv, 'stride')") { (call) throws(Diagnostic) in
        let name = try attributeName(call)
        do throws(Diagnostic) {
            return try call.interpreter.attribute(of: call["object"], name, at: call.range)
        } catch where error.kind == "AttributeError" && call.has("default") {
            return call["default"]
        }
    }

    static let hasattr = Builtin("hasattr", "obj, name, /", summary: "Whether obj has the attribute.", example: "hasattr(conv, 'bias')") { (call) throws(Diagnostic) in
        guard case .string(let name) = call["name"] else {
            throw Diagnostic(.type, "attribute name must be string, not '\(call["name"].typeName)'", call.range)
        }
        do throws(Diagnostic) {
            _ = try call.interpreter.attribute(of: call["obj"], name, at: call.range)
            return .bool(true)
        } catch where error.kind == "AttributeError" {
            return .bool(false)
        }
    }

    static let setattr = Builtin("setattr", "obj, name, value, /", summary: "obj.name = value, with name given as a string.",
                                 example: "setattr(obj, 'scale', 2)") { (call) throws(Diagnostic) in
        guard case .string(let name) = call["name"] else {
            throw Diagnostic(.type, "attribute name must be string, not '\(call["name"].typeName)'", call.range)
        }
        try call.interpreter.setAttribute(call["obj"], name, call["value"], at: call.range)
        return .none
    }

    static let delattr = Builtin("delattr", "obj, name, /", summary: "del obj.name, with name given as a string.",
                                 example: "delattr(obj, 'scale')") { (call) throws(Diagnostic) in
        guard case .string(let name) = call["name"] else {
            throw Diagnostic(.type, "attribute name must be string, not '\(call["name"].typeName)'", call.range)
        }
        try call.interpreter.deleteAttribute(call["obj"], name, at: call.range)
        return .none
    }

    private static func attributeName(_ call: Call) throws(Diagnostic) -> String {
        guard case .string(let name) = call["name"] else {
            throw Diagnostic(.type, "attribute name must be string, not '\(call["name"].typeName)'", call.range)
        }
        return name
    }

    static let callable = Builtin("callable", "obj, /", summary: "Whether obj can be called.", example: "callable(print)") { (call) throws(Diagnostic) in
        .bool(call["obj"].isCallable)
    }

    static let vars = Builtin("vars", "object, /", summary: "An instance's attributes, as the dict behind them.", example: "vars(p)") { (call) throws(Diagnostic) in
        guard case .instance(let object) = call["object"] else {
            if case .classObject = call["object"] {
                throw Diagnostic(.notImplemented, "ConvLang does not give a class's __dict__ (a mappingproxy) yet", call.range)
            }
            if case .nnModule = call["object"] {
                throw Diagnostic(.notImplemented, "ConvLang does not give a module's __dict__ yet; use named_parameters(), named_children() or state_dict()", call.range)
            }
            throw Diagnostic(.type, "vars() argument must have __dict__ attribute", call.range)
        }
        return .dict(object.attributes)
    }

    /// What `dir(object())` lists in CPython 3.11.
    static let objectMembers = ["__class__", "__delattr__", "__dir__", "__doc__", "__eq__", "__format__", "__ge__", "__getattribute__",
                                "__getstate__", "__gt__", "__hash__", "__init__", "__init_subclass__", "__le__", "__lt__", "__ne__",
                                "__new__", "__reduce__", "__reduce_ex__", "__repr__", "__setattr__", "__sizeof__", "__str__", "__subclasshook__"]

    static let dir = Builtin("dir", "object=None, /", summary: "The sorted attribute names of an instance or class.", example: "dir(p)") { (call) throws(Diagnostic) in
        // Python's dir() without an argument lists the names in scope; ConvLang does not.
        guard call.has("object") else {
            throw Diagnostic(.notImplemented, "ConvLang does not list the names in scope with dir() yet; pass an object: dir(p)", call.range)
        }
        let names: [String]
        switch call["object"] {
        case .instance(let object) where object.cls.instanceKind == .object:
            names = MemberRegistry.names(of: call["object"]).filter { $0 != "__qualname__" } + objectMembers + ["__weakref__"]
        case .host:
            names = MemberRegistry.names(of: call["object"]) + objectMembers
        case .classObject(let cls) where cls.isHostClass:
            names = cls.hostMethodNames + objectMembers + ["__dict__", "__weakref__"]
        case .classObject(let cls) where !cls.isBuiltin && cls.instanceKind == .object:
            names = cls.mro.flatMap { c in c.namespace.entries.compactMap { if case .string(let s) = $0.key { s } else { nil } } }
                + objectMembers + ["__dict__", "__weakref__"]
        default:
            throw Diagnostic(.notImplemented, "ConvLang lists dir() of instances and classes of your own classes only, not of '\(call["object"].typeName)'", call.range)
        }
        return .newList(Set(names).sorted().map { .string($0) })
    }

    static let superBuiltin = Builtin("super", "*args", summary: "The class after this one in the instance's method resolution order: super().__init__() runs the base's __init__.",
                                      example: "super().__init__()") { (call) throws(Diagnostic) in
        guard case .tuple(let args) = call["args"], !args.isEmpty else {
            throw Diagnostic(.runtime, "super(): no arguments", call.range)
        }
        guard case .classObject(let start) = args[0] else {
            throw Diagnostic(.type, "super() argument 1 must be a type, not \(args[0].typeName)", call.range)
        }
        guard args.count == 2 else {
            throw Diagnostic(.notImplemented, "ConvLang does not make unbound super objects (super with one argument) yet", call.range)
        }
        return try makeSuper(start, args[1], at: call.range)
    }

    /// `super(start, receiver)`.
    static func makeSuper(_ start: ClassObject, _ receiver: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        let receiverClass: ClassObject
        if case .classObject(let c) = receiver, c.isSubclass(of: start) { receiverClass = c }
        else { receiverClass = BuiltinTypes.classOf(receiver) }
        guard receiverClass.isSubclass(of: start) else {
            throw Diagnostic(.type, "super(type, obj): obj must be an instance or subtype of type", range)
        }
        return .superObject(SuperObject(start: start, receiver: receiver, receiverClass: receiverClass))
    }

    static let staticMethod = Builtin("staticmethod", "function, /", summary: "A method that takes no self: called the same from the class and its instances.",
                                      example: "@staticmethod") { (call) throws(Diagnostic) in
        .descriptor(.staticMethod(call["function"]))
    }

    static let classMethod = Builtin("classmethod", "function, /", summary: "A method whose first argument is the class it is called on.",
                                     example: "@classmethod") { (call) throws(Diagnostic) in
        .descriptor(.classMethod(call["function"]))
    }

    static let property = Builtin("property", "fget=None, fset=None, fdel=None, doc=None", summary: "An attribute computed by a method (its getter), with an optional setter: @property, then @name.setter.",
                                  example: "@property") { (call) throws(Diagnostic) in
        func optional(_ name: String) -> Value? { if case .none = call[name] { nil } else { call[name] } }
        return .descriptor(.property(PropertyObject(getter: optional("fget"), setter: optional("fset"), deleter: optional("fdel"))))
    }
}
