import ConvEngine

extension Value {
    /// The longest printout, in bytes: the session's cap on what one value holds
    /// (`EngineContext.current.maxElements`), up to 16 MiB. Past it, lists, tuples and
    /// dicts end with `...`: a list that holds another many times over (`a = [a, a]`,
    /// repeated) would otherwise print for ever.
    public static var reprLimit: Int { min(EngineContext.current.maxElements, 1 << 24) }

    /// Python's `repr(x)`: what a cell shows for its result.
    public var reprText: String {
        var out = ""
        var active = Set<UnsafeRawPointer>()
        appendRepr(to: &out, &active)
        return out
    }

    /// Appends `repr(self)` to `out`, stopping containers at ``reprLimit`` bytes, and
    /// where the thread's stack runs low.
    ///
    /// `active` holds the lists, dicts and tuples being printed: one met again inside
    /// itself prints as Python prints it, `[...]`, `{...}`, `(...)` (`...` in an
    /// `OrderedDict`).
    func appendRepr(to out: inout String, _ active: inout Set<UnsafeRawPointer>) {
        switch self {
        case .list(let list):
            Self.enter(list, "[...]", &out, &active) { out, active in
                Self.appendItems(list.items, open: "[", close: "]", to: &out, &active) { $0.appendRepr(to: &$1, &$2) }
            }
        case .tuple(let items):
            let key = items.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
            Self.enter(key, "(...)", &out, &active) { out, active in
                Self.appendItems(items, open: "(", close: items.count == 1 ? ",)" : ")", to: &out, &active) { $0.appendRepr(to: &$1, &$2) }
            }
        case .dict(let dict) where dict.ordered && dict.entries.isEmpty:
            out += "OrderedDict()"
        case .dict(let dict) where dict.ordered:
            Self.enter(dict, "...", &out, &active) { out, active in
                Self.appendItems(dict.entries, open: "OrderedDict([", close: "])", to: &out, &active) { entry, out, active in
                    out += "("
                    entry.key.appendRepr(to: &out, &active)
                    out += ", "
                    entry.value.appendRepr(to: &out, &active)
                    out += ")"
                }
            }
        case .dict(let dict):
            Self.enter(dict, "{...}", &out, &active) { out, active in
                Self.appendItems(dict.entries, open: "{", close: "}", to: &out, &active) { entry, out, active in
                    entry.key.appendRepr(to: &out, &active)
                    out += ": "
                    entry.value.appendRepr(to: &out, &active)
                }
            }
        case .set(let set) where set.count == 0:
            out += set.isFrozen ? "frozenset()" : "set()"
        case .set(let set):
            Self.enter(set, "\(set.isFrozen ? "frozenset" : "set")(...)", &out, &active) { out, active in
                Self.appendItems(set.elements, open: set.isFrozen ? "frozenset({" : "{", close: set.isFrozen ? "})" : "}",
                                 to: &out, &active) { $0.appendRepr(to: &$1, &$2) }
            }
        case .dictView(let dict, let kind):
            Self.enter(dict, "...", &out, &active) { out, active in
                Self.appendItems(dict.entries.map(kind.item), open: "\(typeName)([", close: "])", to: &out, &active) {
                    $0.appendRepr(to: &$1, &$2)
                }
            }
        case .record(let type, let fields):
            Self.appendItems(fields, open: "\(type)(\n", close: ")", separator: ",\n", to: &out, &active) { field, out, active in
                out += field.name + "="
                field.value.appendRepr(to: &out, &active)
            }
        default:
            out += leafRepr
        }
    }

    /// Runs `body` with `object` marked as being printed, or appends `cycle` when it
    /// already is (Python's `Py_ReprEnter`).
    private static func enter(_ object: AnyObject, _ cycle: String, _ out: inout String, _ active: inout Set<UnsafeRawPointer>,
                              _ body: (inout String, inout Set<UnsafeRawPointer>) -> Void) {
        enter(UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque()), cycle, &out, &active, body)
    }

    private static func enter(_ key: UnsafeRawPointer?, _ cycle: String, _ out: inout String, _ active: inout Set<UnsafeRawPointer>,
                              _ body: (inout String, inout Set<UnsafeRawPointer>) -> Void) {
        guard let key else { return body(&out, &active) }
        guard active.insert(key).inserted else {
            out += cycle
            return
        }
        body(&out, &active)
        active.remove(key)
    }

    private static func appendItems<Item>(_ items: [Item], open: String, close: String, separator: String = ", ",
                                          to out: inout String, _ active: inout Set<UnsafeRawPointer>,
                                          _ append: (Item, inout String, inout Set<UnsafeRawPointer>) -> Void) {
        let reprLimit = reprLimit
        out += open
        if StackGuard.isLow {
            out += "..." + close
            return
        }
        for (i, item) in items.enumerated() {
            if i > 0 { out += separator }
            if out.utf8.count > reprLimit {
                out += "..."
                break
            }
            append(item, &out, &active)
        }
        out += close
    }

    /// The repr of a value that holds no other values.
    private var leafRepr: String {
        switch self {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return PythonFormat.float(d)
        case .string(let s): return Self.quoted(s)
        case .tensor(let box):
            if box.isParameter {
                return "Parameter containing:\n" + TensorFormatter.repr(box.tensor)
            }
            return TensorFormatter.repr(box.tensor)
        case .size(let dims): return "torch.Size(\(PythonFormat.list(dims)))"
        case .range(let r): return r.repr
        case .device(let type): return "device(type='\(type)')"
        case .nnModule(let module):
            if let cls = module.userClass, let text = cls.interpreter?.userText(of: self, cls, dunder: "__repr__") { return text }
            return ModuleRepr.repr(module)
        case .function(let f):
            if let type = f.unboundMethodOf { return "<method '\(f.name)' of '\(type)' objects>" }
            return "<built-in function \(f.name)>"
        case .userFunction(let f): return f.reprText
        case .method(.host(let object), let name):
            // A host's method reads as a Python class's bound method, named as the host defines it.
            return "<bound method \(object.hostClass.hostMethod(name)?.qualifiedName ?? name) of \(object.reprText)>"
        case .method(let receiver, let name):
            return "<built-in method \(name) of \(receiver.typeName) object at 0x\(String(receiver.identity & 0xFFFF_FFFF_FFFF, radix: 16))>"
        case .module(let ns): return "<module '\(ns.name)'>"
        case .slice(let a, let b, let c):
            return "slice(\(a.map(String.init) ?? "None"), \(b.map(String.init) ?? "None"), \(c.map(String.init) ?? "None"))"
        case .ellipsis: return "Ellipsis"
        case .dtype(let d): return d.torchName
        case .opaque(let text): return text
        case .rich(let r): return r.plainText
        case .storage(let buffer):
            // PyTorch prints every byte on its own line, then the storage's size.
            let bytes = buffer.storage.bytes
            return (bytes.map { " \($0)\n" }.joined()) + "[torch.storage.UntypedStorage(device=cpu) of size \(bytes.count)]"
        case .ndarray(let box): return ArrayFormatter.repr(box)
        case .numpyDType(let d): return d.reprText
        case .classObject(let c): return c.reprText
        case .instance(let object): return object.cls.interpreter?.userText(of: self, object.cls, dunder: "__repr__") ?? object.defaultRepr
        case .boundMethod(let m):
            if case .userFunction = m.function { return "<bound method \(m.qualifiedName) of \(m.receiver.reprText)>" }
            return "<built-in method \(m.qualifiedName) of \(m.receiver.typeName) object>"
        case .descriptor(.staticMethod(let f)): return "<staticmethod(\(f.reprText))>"
        case .descriptor(.classMethod(let f)): return "<classmethod(\(f.reprText))>"
        case .descriptor(.property(let p)): return "<property object at \(PythonAddress.text(of: p))>"
        case .descriptor(.nativeMethod(let b)):
            let parts = b.qualifiedName.split(separator: ".")
            return "<slot wrapper '\(parts.last ?? "")' of '\(parts.first ?? "")' objects>"
        case .superObject(let s): return "<super: \(s.start.reprText), <\(s.receiverClass.name) object>>"
        case .iterator(let it): return it.reprText
        case .exception(let e): return e.reprText
        case .exceptionType(let t): return t.reprText
        case .gradMode(let m): return m.reprText
        case .optimizer(let o): return o.reprText
        case .host(let object): return object.reprText
        case .gradientNode(let node): return "<\(node.name) object at \(PythonAddress.text(of: node))>"
        case .list, .tuple, .dict, .record, .set, .dictView:
            return reprText
        }
    }

    /// Python's `str(x)`: what `print` writes.
    public var strText: String {
        switch self {
        case .string(let s): return s
        case .device(let type): return type
        case .ndarray(let box): return ArrayFormatter.str(box)
        case .numpyDType(let d): return d.strText
        case .instance(let object):
            return object.cls.interpreter?.userText(of: self, object.cls, dunder: "__str__") ?? reprText
        case .nnModule(let module):
            guard let cls = module.userClass else { return reprText }
            return cls.interpreter?.userText(of: self, cls, dunder: "__str__") ?? reprText
        case .exception(let e): return e.strText
        case .host(let object): return object.strText ?? object.reprText
        default: return reprText
        }
    }

    /// The text a frontend shows for a cell's result.
    public var displayText: String { reprText }

    static func quoted(_ s: String) -> String {
        let quote = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = quote
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if String(c) == quote { out += "\\" + quote } else { out.unicodeScalars.append(c) }
            }
        }
        return out + quote
    }
}
