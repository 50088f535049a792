import ConvEngine

extension Value {
    /// Python's `repr(x)`: what a cell shows for its result.
    public var reprText: String {
        switch self {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return PythonFormat.float(d)
        case .string(let s): return Self.quoted(s)
        case .list(let items): return "[" + items.map(\.reprText).joined(separator: ", ") + "]"
        case .tuple(let items):
            return items.count == 1 ? "(\(items[0].reprText),)" : "(" + items.map(\.reprText).joined(separator: ", ") + ")"
        case .dict(let entries, let ordered):
            if ordered {
                if entries.isEmpty { return "OrderedDict()" }
                return "OrderedDict([" + entries.map { "(\($0.key.reprText), \($0.value.reprText))" }.joined(separator: ", ") + "])"
            }
            return "{" + entries.map { "\($0.key.reprText): \($0.value.reprText)" }.joined(separator: ", ") + "}"
        case .tensor(let box):
            if box.isParameter {
                return "Parameter containing:\n" + TensorFormatter.repr(box.tensor, suffixes: ["requires_grad=True"])
            }
            return TensorFormatter.repr(box.tensor)
        case .size(let dims): return "torch.Size(\(PythonFormat.list(dims)))"
        case .layer(let box): return LayerFormatter.repr(box.current)
        case .function(let f): return "<built-in function \(f.name)>"
        case .method(let receiver, let name): return "<built-in method \(name) of \(receiver.typeName) object>"
        case .module(let ns): return "<module '\(ns.name)'>"
        case .slice(let a, let b, let c):
            return "slice(\(a.map(String.init) ?? "None"), \(b.map(String.init) ?? "None"), \(c.map(String.init) ?? "None"))"
        case .ellipsis: return "Ellipsis"
        case .dtype(let d): return d.torchName
        case .record(let type, let fields):
            return "\(type)(\n" + fields.map { "\($0.name)=\($0.value.reprText)" }.joined(separator: ",\n") + ")"
        case .opaque(let text): return text
        case .rich(let r): return r.plainText
        }
    }

    /// Python's `str(x)`: what `print` writes.
    public var strText: String {
        if case .string(let s) = self { return s }
        return reprText
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

/// `repr` of `nn` layers, as their `extra_repr` writes them.
enum LayerFormatter {
    static func repr(_ layer: ConvLayer) -> String {
        func tuple(_ v: [Int]) -> String { PythonFormat.tuple(v) }
        var s = "\(layer.inChannels), \(layer.outChannels), kernel_size=\(tuple(layer.kernelSize)), stride=\(tuple(layer.stride))"
        switch layer.padding {
        case .explicit(let p) where p.contains { $0 != 0 }: s += ", padding=\(tuple(p))"
        case .same: s += ", padding=same"
        case .valid: s += ", padding=valid"
        default: break
        }
        if layer.dilation.contains(where: { $0 != 1 }) { s += ", dilation=\(tuple(layer.dilation))" }
        if layer.outputPadding.contains(where: { $0 != 0 }) { s += ", output_padding=\(tuple(layer.outputPadding))" }
        if layer.groups != 1 { s += ", groups=\(layer.groups)" }
        if layer.bias == nil { s += ", bias=False" }
        if layer.paddingMode != .zeros { s += ", padding_mode=\(layer.paddingMode.rawValue)" }
        return "\(layer.className)(\(s))"
    }
}
