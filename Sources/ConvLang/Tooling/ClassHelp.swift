/// What `help(C)` and `C?` show for a class the user defined, and `x?` for its
/// instances: pydoc's page (its sections: methods, class and static methods,
/// properties, data, each defined here or inherited from a base) and IPython's
/// inspector fields, with the class's members from ``MemberTable``.
enum ClassHelp {
    /// `help(C)`: pydoc's plain-text page, for classes whose bases are the user's own
    /// classes or `object`; `nil` for others (an `nn.Module` subclass, whose page
    /// lists all of Module's methods).
    static func pydoc(_ cls: ClassObject) -> String? {
        let userClasses = cls.mro.filter { !$0.isBuiltin }
        guard cls.mro.allSatisfy({ !$0.isBuiltin || $0.isSame(as: BuiltinTypes.object) }) else { return nil }
        var lines: [String] = []
        let bases = cls.bases.map { $0.isBuiltin ? "builtins.\($0.name)" : $0.name }.joined(separator: ", ")
        if let initializer = cls.lookup("__init__"), case .userFunction(let f) = initializer.value {
            lines.append("\(cls.name)(\(parameters(f, droppingFirst: true)))")
            lines.append("")
        }
        if let doc = classDoc(cls) {
            lines += doc.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.append("")
        }
        if cls.mro.count > 2 {
            lines.append("Method resolution order:")
            lines += cls.mro.map { "    " + ($0.isBuiltin ? "builtins.\($0.name)" : $0.name) }
            lines.append("")
        }
        var sections: [[String]] = []
        for owner in userClasses {
            let origin = owner === cls ? "defined here" : "inherited from \(owner.name)"
            sections += memberSections(of: owner, in: cls, origin: origin)
        }
        lines += sections.map { $0 + [""] }.joined(separator: [String(repeating: "-", count: 70)]).dropLast()
        let body = lines.map { $0.isEmpty ? " |  " : " |  " + $0 }.joined(separator: "\n")
        return "Help on class \(cls.name) in module \(cls.module):\n\nclass \(cls.name)(\(bases))\n" + body + "\n\n"
    }

    /// The sections of one class of the MRO: members it defines that nothing before it
    /// in `cls`'s MRO overrides.
    private static func memberSections(of owner: ClassObject, in cls: ClassObject, origin: String) -> [[String]] {
        var methods: [String] = [], classMethods: [String] = [], staticMethods: [String] = []
        var readonly: [String] = [], descriptors: [String] = [], data: [String] = []
        let names = owner.namespace.entries.compactMap { if case .string(let s) = $0.key { s } else { nil } }.sorted()
        for name in names where !["__module__", "__doc__", "__qualname__", "__dict__", "__weakref__"].contains(name) {
            guard let found = cls.lookup(name), found.owner === owner else { continue }
            switch found.value {
            case .userFunction(let f):
                methods += [function(name, f)] + docLines(methodDoc(name, f, in: cls))
            case .descriptor(.classMethod(.userFunction(let f))):
                classMethods += ["\(name)(\(parameters(f, droppingFirst: true))) from builtins.type"] + docLines(f.code.docstring.map(clean))
            case .descriptor(.staticMethod(.userFunction(let f))):
                staticMethods += [function(name, f)] + docLines(f.code.docstring.map(clean))
            case .descriptor(.property(let p)):
                var doc: String?
                if case .userFunction(let getter)? = p.getter { doc = getter.code.docstring.map(clean) }
                if p.setter == nil && p.deleter == nil { readonly += [name] + docLines(doc) } else { descriptors += [name] + docLines(doc) }
            default:
                data += ["\(name) = \(found.value.reprText)"]
            }
        }
        if owner.bases.allSatisfy(\.isBuiltin) {
            descriptors += ["__dict__", "    dictionary for instance variables", "", "__weakref__", "    list of weak references to the object", ""]
        }
        let titled: [(String, [String])] = [
            ("Methods", methods), ("Class methods", classMethods), ("Static methods", staticMethods),
            ("Readonly properties", readonly), ("Data descriptors", descriptors), ("Data and other attributes", data),
        ]
        return titled.filter { !$0.1.isEmpty }.map { title, entries in
            var section = ["\(title) \(origin):", ""] + entries
            if section.last == "" { section.removeLast() }
            return section
        }
    }

    /// A member's docstring lines, indented under it, then a blank line.
    private static func docLines(_ doc: String?) -> [String] {
        (doc.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 } } ?? []) + [""]
    }

    private static func function(_ name: String, _ f: UserFunction) -> String {
        "\(name)(\(FunctionHelp.parameterList(f)))"
    }

    private static func parameters(_ f: UserFunction, droppingFirst: Bool) -> String {
        let all = FunctionHelp.parameterList(f)
        guard droppingFirst, let first = f.code.signature.parameters.first, first.kind == .positionalOrKeyword || first.kind == .positionalOnly
        else { return all }
        return all.split(separator: ",", maxSplits: 1).dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
    }

    /// `inspect.getdoc(cls)`: its docstring, or the first base's (not `object`'s).
    private static func classDoc(_ cls: ClassObject) -> String? {
        for c in cls.mro where !c.isBuiltin {
            if case .string(let doc)? = c.namespace[.string("__doc__")] { return clean(doc) }
        }
        return nil
    }

    /// `inspect.getdoc(method)`: its docstring, or that of the method it overrides
    /// (a base's, or `object`'s for the special methods).
    private static func methodDoc(_ name: String, _ f: UserFunction, in cls: ClassObject) -> String? {
        if let doc = f.code.docstring { return clean(doc) }
        for c in cls.mro where !c.isBuiltin {
            if case .userFunction(let g)? = c.namespace[.string(name)], let doc = g.code.docstring { return clean(doc) }
        }
        return objectDocs[name]
    }

    /// The docstrings of `object`'s special methods, which methods overriding them
    /// inherit in pydoc.
    private static let objectDocs: [String: String] = [
        "__init__": "Initialize self.  See help(type(self)) for accurate signature.",
        "__repr__": "Return repr(self).", "__str__": "Return str(self).", "__hash__": "Return hash(self).",
        "__eq__": "Return self==value.", "__ne__": "Return self!=value.", "__lt__": "Return self<value.",
        "__le__": "Return self<=value.", "__gt__": "Return self>value.", "__ge__": "Return self>=value.",
        "__format__": "Default object formatter.", "__setattr__": "Implement setattr(self, name, value).",
        "__getattribute__": "Return getattr(self, name).", "__delattr__": "Implement delattr(self, name).",
    ]

    private static func clean(_ doc: String) -> String { FunctionHelp.cleaned(doc) }

    /// `C?` and `x?`: IPython's inspector fields, with the members ConvLang knows.
    static func inspector(_ value: Value) -> String? {
        switch value {
        case .classObject(let cls) where !cls.isBuiltin:
            var text = ""
            if let initializer = cls.lookup("__init__"), case .userFunction(let f) = initializer.value {
                text += "Init signature: \(cls.name)(\(parameters(f, droppingFirst: true)))\n"
            }
            text += "Docstring:      \(classDoc(cls) ?? "<no docstring>")\n"
            text += "Type:           type\n"
            text += "Members:        " + MemberRegistry.names(of: value).filter { !$0.hasPrefix("_") }.sorted().joined(separator: ", ")
            return text
        case .instance(let object):
            let names = MemberRegistry.names(of: value).filter { !$0.hasPrefix("_") }
            let attributes = object.attributes.entries.compactMap { if case .string(let s) = $0.key { s } else { nil } }
            return "Type:        \(object.cls.name)\nString form: \(value.reprText)\nDocstring:   \(classDoc(object.cls) ?? "<no docstring>")\n"
                + "Attributes:  \(attributes.filter { !$0.hasPrefix("_") }.joined(separator: ", "))\n"
                + "Methods:     \(names.filter { !attributes.contains($0) }.sorted().joined(separator: ", "))"
        default:
            return nil
        }
    }
}
