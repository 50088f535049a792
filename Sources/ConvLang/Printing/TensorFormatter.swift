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

    /// The bracketed values alone, indented as if after `tensor(`.
    static func string(_ tensor: Tensor, indent: Int, options: PrintOptions = .current) -> String {
        let summarize = Double(tensor.count) > options.threshold
        let formatter = Formatter(summarize ? summarized(tensor, edgeItems: options.edgeItems) : tensor, options: options)
        return format(tensor, dimensions: tensor.shape.dimensions[...], first: 0, indent: indent, summarize: summarize,
                      formatter: formatter, options: options)
    }

    private static func addSuffixes(_ text: String, _ suffixes: [String], indent: Int, lineWidth: Int) -> String {
        var parts = [text]
        let lastNewline = text.lastIndex(of: "\n").map { text.distance(from: text.startIndex, to: $0) } ?? -1
        var lastLineLength = text.count - lastNewline + 1
        for suffix in suffixes {
            if lastLineLength + suffix.count + 2 > lineWidth {
                parts.append(",\n" + String(repeating: " ", count: indent) + suffix)
                lastLineLength = indent + suffix.count
            } else {
                parts.append(", " + suffix)
                lastLineLength += suffix.count + 2
            }
        }
        return parts.joined() + ")"
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

    /// The part of `tensor` whose sizes are `dimensions` (its last dimensions) and whose
    /// first element is at row-major position `first`: each element is read where it is,
    /// with no view made per row.
    private static func format(_ tensor: Tensor, dimensions: ArraySlice<Int>, first: Int, indent: Int, summarize: Bool,
                               formatter: Formatter, options: PrintOptions) -> String {
        guard let size = dimensions.first else { return formatter.format(tensor, at: first) }
        let edgeItems = options.edgeItems
        if dimensions.count == 1 {
            let elementLength = formatter.width + 2
            let perLine = max(1, Int((Double(options.lineWidth - indent) / Double(elementLength)).rounded(.down)))
            let positions: [Int?] = summarize && edgeItems == 0 ? []
                : summarize && size > 2 * edgeItems ? Array(0..<edgeItems) + [nil] + Array((size - edgeItems)..<size)
                : Array(0..<size)
            let data = summarize && edgeItems == 0 ? ["..."]
                : positions.map { $0.map { formatter.format(tensor, at: first + $0) } ?? " ..." }
            var lines: [String] = []
            var i = 0
            while i < data.count {
                lines.append(data[i..<min(i + perLine, data.count)].joined(separator: ", "))
                i += perLine
            }
            return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
        }
        let inner = dimensions.dropFirst()
        let rowLength = inner.reduce(1, *)
        var slices: [String] = []
        let rows: [Int?] = summarize && size > 2 * edgeItems
            ? Array(0..<edgeItems).map { $0 } + [nil] + Array((size - edgeItems)..<size).map { $0 }
            : Array(0..<size).map { $0 }
        for row in rows {
            guard let row else {
                slices.append("...")
                continue
            }
            slices.append(format(tensor, dimensions: inner, first: first + row * rowLength, indent: indent + 1,
                                 summarize: summarize, formatter: formatter, options: options))
        }
        let separator = "," + String(repeating: "\n", count: dimensions.count - 1) + String(repeating: " ", count: indent + 1)
        return "[" + slices.joined(separator: separator) + "]"
    }

    /// `_Formatter`: the mode and width for every element of one tensor.
    public struct Formatter {
        let dtype: DType
        let precision: Int
        var intMode = true
        var sciMode = false
        var width = 1

        public init(_ tensor: Tensor, options: PrintOptions = .current) {
            dtype = tensor.dtype
            precision = options.precision
            guard dtype.isFloatingPoint else {
                for text in Formatter.plain(tensor) { width = max(width, text.count) }
                return
            }
            let values = tensor.doubles
            let finite = values.filter { $0.isFinite && $0 != 0 }
            guard !finite.isEmpty else { return }
            let magnitudes = finite.map { abs($0) }
            let (low, high) = (magnitudes.min()!, magnitudes.max()!)
            intMode = finite.allSatisfy { $0 == $0.rounded(.up) }
            sciMode = options.sciMode ?? (high / low > 1000 || high > 1e8 || low < 1e-4)
            if sciMode {
                for v in finite { width = max(width, Formatter.scientific(v, precision: precision).count) }
            } else if intMode {
                for v in finite { width = max(width, CFormat.fixed(v, digits: 0).count + 1) }
            } else {
                for v in finite { width = max(width, CFormat.fixed(v, digits: precision).count) }
            }
        }

        /// The element at row-major position `index` of `tensor` (the one this
        /// formatter was made for, or part of it), formatted and padded; integers
        /// exactly, from their int64 values.
        public func format(_ tensor: Tensor, at index: Int) -> String {
            switch tensor.scalar(at: index) {
            case .int(let value): return padded(String(value))
            case .bool(let value): return padded(value ? "True" : "False")
            case .double(let value): return format(value)
            }
        }

        /// One value, formatted and padded.
        public func format(_ value: Double) -> String {
            var text: String
            if !dtype.isFloatingPoint {
                text = Formatter.plain(value, dtype)
            } else if sciMode {
                text = Formatter.scientific(value, precision: precision)
            } else if intMode {
                text = Formatter.fixed(value, digits: 0)
                if value.isFinite { text += "." }
            } else {
                text = Formatter.fixed(value, digits: precision)
            }
            return padded(text)
        }

        private func padded(_ text: String) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
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
