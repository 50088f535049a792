import Foundation
import ConvEngine

/// What `%who` and `%whos` print for the user's variables, as IPython's
/// `NamespaceMagics.who` and `whos` format them.
enum WhosTable {
    /// `type(value).__name__`: ConvLang's type name without its module (`ndarray`,
    /// `float32`, `Tensor`).
    static func typeName(_ value: Value) -> String {
        String(value.typeName.split(separator: ".").last ?? Substring(value.typeName))
    }

    /// `%who`: each name followed by a tab and a space, nine to a line, then a newline.
    static func who(_ names: [String]) -> String {
        var out = ""
        var count = 0
        for name in names {
            out += name + "\t "
            count += 1
            if count > 8 {
                count = 0
                out += "\n"
            }
        }
        return out + "\n"
    }

    /// `%whos`: a table of name, type and a short description of each value.
    ///
    /// The description is IPython's: the length of a dict, list or tuple (`n=3`); for
    /// a NumPy array its shape, size, dtype and bytes (`2x3: 6 elems, type `float64`,
    /// 48 bytes`); otherwise `str(value)` on one line, its middle cut out past 50
    /// characters. ConvLab's choice for a tensor, which IPython would print with
    /// `str`, follows the array line with PyTorch's names:
    /// `torch.Size([2, 3]): 6 elems, type `torch.float32`, 24 bytes`.
    static func whos(_ variables: [(name: String, value: Value)]) -> String {
        let types = variables.map { typeName($0.value) }
        let columnGap = 3
        let nameWidth = max(variables.map { $0.name.unicodeScalars.count }.max() ?? 0, "Variable".count) + columnGap
        let typeWidth = max(types.map { $0.unicodeScalars.count }.max() ?? 0, "Type".count) + columnGap
        var out = pad("Variable", nameWidth) + pad("Type", typeWidth) + " Data/Info\n"
        out += String(repeating: "-", count: nameWidth + typeWidth + "Data/Info".count + 1) + "\n"
        for ((name, value), type) in zip(variables, types) {
            out += pad(name, nameWidth) + pad(type, typeWidth) + " " + info(value) + "\n"
        }
        return out
    }

    /// The Data/Info column.
    static func info(_ value: Value) -> String {
        switch value {
        case .list(let list): return "n=\(list.items.count)"
        case .tuple(let items): return "n=\(items.count)"
        case .dict(let dict) where !dict.ordered: return "n=\(dict.entries.count)"
        case .ndarray(let box) where !box.isScalar:
            let t = box.tensor
            return sizeLine(shape: t.shape.dimensions.map(String.init).joined(separator: "x"), count: t.count,
                            dtype: t.dtype.numpyName, itemSize: t.dtype.itemSize)
        case .tensor(let box):
            let t = box.tensor
            return sizeLine(shape: "torch.Size(\(PythonFormat.list(t.shape.dimensions)))", count: t.count,
                            dtype: t.dtype.torchName, itemSize: t.dtype.itemSize)
        default:
            let text = value.strText.replacingOccurrences(of: "\n", with: "\\n")
            let scalars = Array(text.unicodeScalars)
            if scalars.count < 50 { return text }
            var cut = String.UnicodeScalarView(scalars[..<25])
            cut.append(contentsOf: "<...>".unicodeScalars)
            cut.append(contentsOf: scalars[(scalars.count - 25)...])
            return String(cut)
        }
    }

    /// `"%s: %s elems, type `%s`, %s bytes"`, with kilobytes or megabytes past 100000 bytes.
    private static func sizeLine(shape: String, count: Int, dtype: String, itemSize: Int) -> String {
        let bytes = count * itemSize
        let line = "\(shape): \(count) elems, type `\(dtype)`, \(bytes) bytes"
        if bytes < 100_000 { return line }
        if bytes < 1_048_576 { return line + " (\(PythonFormat.float(Double(bytes) / 1024)) kb)" }
        return line + " (\(PythonFormat.float(Double(bytes) / 1_048_576)) Mb)"
    }

    /// Python's `str.ljust` (width in code points).
    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.unicodeScalars.count))
    }
}
