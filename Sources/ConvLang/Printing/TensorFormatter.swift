import ConvEngine
import Foundation

/// PyTorch's tensor printout (`torch/_tensor_str.py`) under the session's
/// ``PrintOptions`` (by default: precision 4, line width 80, summary past 1000 elements
/// with 3 edge items).
///
/// One formatter decides for the whole tensor, from its (summarised) finite non-zero
/// values: integers print as `3.`, values whose range spans more than 1000x, or beyond
/// 1e8, or below 1e-4, print in scientific notation (unless `sci_mode` forces it on or
/// off), the rest as `%.4f`; all are padded to one width so columns line up.
public enum TensorFormatter {
    /// `repr(tensor)`: `tensor([[0., 1.],\n        [2., 3.]])` plus suffixes such as
    /// `dtype=torch.float64`.
    public static func repr(_ tensor: Tensor, suffixes extra: [String] = []) -> String {
        let options = PrintOptions.current
        let prefix = "tensor("
        let indent = prefix.count
        var suffixes: [String] = []
        let body: String
        if tensor.count == 0 {
            if tensor.rank != 1 { suffixes.append("size=" + PythonFormat.tuple(tensor.shape.dimensions)) }
            if tensor.dtype != .float32 { suffixes.append("dtype=" + tensor.dtype.torchName) }
            body = "[]"
        } else {
            // PyTorch names every dtype but the default float, int64 and bool.
            if ![.float32, .int64, .bool].contains(tensor.dtype) { suffixes.append("dtype=" + tensor.dtype.torchName) }
            body = string(tensor, indent: indent, options: options)
        }
        // Autograd's mark comes last: the node that made the tensor, or that a leaf requires grad.
        if let node = tensor.gradFn {
            suffixes.append("grad_fn=<\(node.name)>")
        } else if tensor.requiresGrad {
            suffixes.append("requires_grad=True")
        }
        return addSuffixes(prefix + body, suffixes + extra, indent: indent, lineWidth: options.lineWidth)
    }

    /// The bracketed values alone, indented as if after `tensor(`, written into one
    /// string as they are made.
    static func string(_ tensor: Tensor, indent: Int, options: PrintOptions = .current) -> String {
        var out = ""
        if Double(tensor.count) > options.threshold {
            let formatter = Formatter(summarized(tensor, edgeItems: options.edgeItems), options: options)
            append(to: &out, dimensions: tensor.shape.dimensions[...], first: 0, indent: indent, summarize: true,
                   width: formatter.width, options: options) { out, index in out += formatter.format(tensor, at: index) }
        } else {
            // The formatter made for the tensor itself keeps its elements' texts: each is formatted once.
            let formatter = Formatter(tensor, options: options)
            out.reserveCapacity(tensor.count * (formatter.width + 2) + 2 * tensor.rank + indent)
            append(to: &out, dimensions: tensor.shape.dimensions[...], first: 0, indent: indent, summarize: false,
                   width: formatter.width, options: options) { out, index in formatter.appendPadded(at: index, to: &out) }
        }
        return out
    }

    /// `_add_suffixes`: each suffix after a comma, on a new line where it would pass the
    /// line width, counting as PyTorch does (the last line's length plus two, in code
    /// points).
    private static func addSuffixes(_ text: String, _ suffixes: [String], indent: Int, lineWidth: Int) -> String {
        guard !suffixes.isEmpty else { return text + ")" }
        let lastLine = text.utf8.lastIndex(of: UInt8(ascii: "\n")).map { text.unicodeScalars[text.utf8.index(after: $0)...] }
            ?? text.unicodeScalars[...]
        var lastLineLength = lastLine.count + 2
        var out = text
        for suffix in suffixes {
            let length = suffix.unicodeScalars.count
            if lastLineLength + length + 2 > lineWidth {
                out += ",\n" + String(repeating: " ", count: indent) + suffix
                lastLineLength = indent + length
            } else {
                out += ", " + suffix
                lastLineLength += length + 2
            }
        }
        return out + ")"
    }

    /// `get_summarized_data`: only the edge items of every dimension (nothing at all
    /// with no edge items).
    private static func summarized(_ tensor: Tensor, edgeItems: Int) -> Tensor {
        guard tensor.rank > 0 else { return tensor }
        if edgeItems == 0 { return (try? Tensor.zeros([0], dtype: tensor.dtype)) ?? tensor }
        let size = tensor.shape[0]
        let rows: [Int] = size > 2 * edgeItems ? Array(0..<edgeItems) + Array((size - edgeItems)..<size) : Array(0..<size)
        if tensor.rank == 1 {
            return (try? tensor.indexed([.slice(start: nil, stop: nil, step: nil)]).flattenedRows(rows)) ?? tensor
        }
        let parts = rows.compactMap { try? summarized(tensor.indexed([.integer($0)]), edgeItems: edgeItems) }
        return (try? Tensor.stack(parts)) ?? tensor
    }

    /// `_tensor_str_with_formatter`: appends the part of the tensor whose sizes are
    /// `dimensions` (its last dimensions) and whose first element is at row-major
    /// position `first`, each element appended by `element(&out, position)`, padded to
    /// `width`.
    private static func append(
        to out: inout String, dimensions: ArraySlice<Int>, first: Int, indent: Int, summarize: Bool, width: Int,
        options: PrintOptions, element: (inout String, Int) -> Void
    ) {
        guard let size = dimensions.first else { return element(&out, first) }
        let edgeItems = options.edgeItems
        let skipsMiddle = summarize && size > 2 * edgeItems
        let shown = skipsMiddle ? Array(0..<edgeItems) + [nil] + Array((size - edgeItems)..<size).map { $0 }
            : (0..<size).map { $0 }
        out += "["
        if dimensions.count == 1 {
            if summarize && edgeItems == 0 { return out += "...]" }
            // As many elements per line as fit in the line width (`_vector_str`).
            let perLine = max(1, Int((Double(options.lineWidth - indent) / Double(width + 2)).rounded(.down)))
            let lineBreak = ",\n" + String(repeating: " ", count: indent + 1)
            for (k, position) in shown.enumerated() {
                if k > 0 { out += k % perLine == 0 ? lineBreak : ", " }
                if let position { element(&out, first + position) } else { out += " ..." }
            }
            return out += "]"
        }
        let inner = dimensions.dropFirst()
        let rowLength = inner.reduce(1, *)
        let separator = "," + String(repeating: "\n", count: dimensions.count - 1) + String(repeating: " ", count: indent + 1)
        for (k, row) in shown.enumerated() {
            if k > 0 { out += separator }
            guard let row else {
                out += "..."
                continue
            }
            append(to: &out, dimensions: inner, first: first + row * rowLength, indent: indent + 1, summarize: summarize,
                   width: width, options: options, element: element)
        }
        out += "]"
    }

    /// `_Formatter`: the mode and width for every element of one tensor.
    public struct Formatter {
        let dtype: DType
        let precision: Int
        var intMode = true
        var sciMode = false
        var width = 1
        /// The tensor the formatter was made for.
        private let tensor: Tensor
        /// Its elements' texts, unpadded and in row-major order, when it has at most
        /// ``keptTextLimit`` elements (every printout that is not summarised): the width
        /// is found from them, and a printout then formats each element once.
        private var texts: [String] = []

        /// The most elements whose texts a formatter keeps (PyTorch's default summary
        /// threshold).
        static let keptTextLimit = 1000

        public init(_ tensor: Tensor, options: PrintOptions = .current) {
            dtype = tensor.dtype
            precision = options.precision
            self.tensor = tensor
            let keepsTexts = tensor.count <= Self.keptTextLimit
            guard dtype.isFloatingPoint else {
                let plain = Formatter.plain(tensor)
                for text in plain { width = max(width, text.utf8.count) }
                if keepsTexts { texts = plain }
                return
            }
            let values = tensor.doubles
            let finite = values.filter { $0.isFinite && $0 != 0 }
            if !finite.isEmpty {
                let magnitudes = finite.map { abs($0) }
                let (low, high) = (magnitudes.min()!, magnitudes.max()!)
                intMode = finite.allSatisfy { $0 == $0.rounded(.up) }
                sciMode = options.sciMode ?? (high / low > 1000 || high > 1e8 || low < 1e-4)
            }
            // The width: the widest text of a finite non-zero value.
            if keepsTexts {
                texts = values.map(text)
                for (value, text) in zip(values, texts) where value.isFinite && value != 0 {
                    width = max(width, text.utf8.count)
                }
            } else {
                for value in finite { width = max(width, text(value).utf8.count) }
            }
        }

        /// The element at row-major position `index` of `tensor` (the one this
        /// formatter was made for, or another it decides for, such as the tensor whose
        /// summary it was made for), formatted and padded; integers exactly, from their
        /// int64 values.
        public func format(_ tensor: Tensor, at index: Int) -> String {
            padded(text(tensor.scalar(at: index)))
        }

        /// The text of the element at row-major position `index` of the tensor this
        /// formatter was made for, unpadded.
        public func text(at index: Int) -> String {
            texts.isEmpty ? text(tensor.scalar(at: index)) : texts[index]
        }

        /// Appends ``text(at:)`` padded to the width.
        func appendPadded(at index: Int, to out: inout String) {
            let text = text(at: index)
            for _ in 0..<max(0, width - text.utf8.count) { out += " " }
            out += text
        }

        /// One value, formatted and padded.
        public func format(_ value: Double) -> String { padded(text(value)) }

        /// One value, formatted, unpadded.
        public func text(_ value: Double) -> String {
            if !dtype.isFloatingPoint { return Formatter.plain(value, dtype) }
            if sciMode { return Formatter.scientific(value, precision: precision) }
            if intMode { return Formatter.fixed(value, digits: 0) + (value.isFinite ? "." : "") }
            return Formatter.fixed(value, digits: precision)
        }

        private func text(_ scalar: Scalar) -> String {
            switch scalar {
            case .int(let value): String(value)
            case .bool(let value): value ? "True" : "False"
            case .double(let value): text(value)
            }
        }

        private func padded(_ text: String) -> String {
            String(repeating: " ", count: max(0, width - text.utf8.count)) + text
        }

        /// The elements of an integer or bool tensor as Python writes them.
        static func plain(_ tensor: Tensor) -> [String] {
            if tensor.dtype == .bool { return tensor.elements(as: Bool.self).map { $0 ? "True" : "False" } }
            return tensor.elements(as: Int64.self).map { String($0) }
        }

        /// An integer or bool value given as a double (clamped to the int64 range,
        /// which the double of `Int64.max` rounds beyond).
        static func plain(_ value: Double, _ dtype: DType) -> String {
            if dtype == .bool { return value != 0 ? "True" : "False" }
            return String(value >= 0x1p63 ? Int64.max : Int64(value))
        }

        static func fixed(_ value: Double, digits: Int) -> String {
            if value.isNaN { return "nan" }
            if value.isInfinite { return value < 0 ? "-inf" : "inf" }
            return CFormat.fixed(value, digits: digits)
        }

        static func scientific(_ value: Double, precision: Int) -> String {
            if value.isNaN { return "nan" }
            if value.isInfinite { return value < 0 ? "-inf" : "inf" }
            return CFormat.scientific(value, digits: precision)
        }
    }
}

private extension Tensor {
    func flattenedRows(_ rows: [Int]) throws -> Tensor {
        try Tensor.concatenate(rows.map { try indexed([.slice(start: $0, stop: $0 + 1, step: nil)]) })
    }
}
