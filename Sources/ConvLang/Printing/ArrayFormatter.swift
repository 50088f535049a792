import ConvEngine

/// NumPy's printout of arrays and scalars (`numpy/_core/arrayprint.py` with the default
/// print options: precision 8, threshold 1000, 3 edge items, line width 75).
///
/// ```
/// repr: array([[0.5 , 1.  ],        str: [[0.5  1.  ]
///              [1.25, 2.  ]])             [1.25 2.  ]]
/// ```
///
/// One element formatter is chosen for the whole array from its values (only the edge
/// items when it is summarised): integers are right-aligned to the widest, bools are
/// ` True`/`False`, floats are positional with up to 8 digits after the point, or
/// scientific when the largest magnitude reaches 1e8 (1e6 for float32, 1e3 for
/// float16), the smallest is below 1e-4, or they span more than a factor of 1000.
/// `repr` names the dtype unless it is float64, int64 or bool, and the shape when the
/// array is empty or summarised.
enum ArrayFormatter {
    static let precision = 8
    static let threshold = 1000
    static let edgeItems = 3
    static let lineWidth = 75

    /// `repr(a)`: `array([1., 2.], dtype=float32)`, or `np.float32(1.0)` for a scalar.
    static func repr(_ box: ArrayBox) -> String {
        box.isScalar ? scalarRepr(box.tensor) : arrayRepr(box.tensor)
    }

    /// `str(a)`, what `print` writes: `[1. 2.]`, or `1.0` for a scalar.
    static func str(_ box: ArrayBox) -> String {
        box.isScalar || box.tensor.rank == 0 ? scalarStr(box.tensor) : array2string(box.tensor, separator: " ", prefix: "", suffix: "")
    }

    /// NumPy's `array_repr`.
    static func arrayRepr(_ tensor: Tensor) -> String {
        let prefix = "array("
        let list = array2string(tensor, separator: ", ", prefix: prefix, suffix: ")")
        var extras: [String] = []
        if (tensor.count == 0 && tensor.shape.dimensions != [0]) || tensor.count > threshold {
            extras.append("shape=" + PythonFormat.tuple(tensor.shape.dimensions))
        }
        if ![.float64, .int64, .bool].contains(tensor.dtype) || tensor.count == 0 {
            extras.append("dtype=" + tensor.dtype.numpyName)
        }
        if extras.isEmpty { return prefix + list + ")" }
        let arrayText = prefix + list + ","
        let extraText = extras.joined(separator: ", ") + ")"
        let lastLine = arrayText.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        let spacer = lastLine.count + extraText.count + 1 > lineWidth ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return arrayText + spacer + extraText
    }

    /// `str` of a NumPy scalar (and of a 0-dimensional array).
    static func scalarStr(_ tensor: Tensor) -> String {
        switch tensor.scalar(at: 0) {
        case .bool(let b): b ? "True" : "False"
        case .int(let i): String(i)
        case .double(let d): FloatText.scalar(d, tensor.dtype)
        }
    }

    /// `repr` of a NumPy scalar: `np.float32(0.5)`, `np.int64(3)`, `np.True_`.
    static func scalarRepr(_ tensor: Tensor) -> String {
        if case .bool(let b) = tensor.scalar(at: 0) { return b ? "np.True_" : "np.False_" }
        return "np.\(tensor.dtype.numpyName)(\(scalarStr(tensor)))"
    }

    /// NumPy's `array2string`: the nested brackets, wrapped at the line width less the
    /// suffix, continuation lines indented past `prefix`.
    static func array2string(_ tensor: Tensor, separator: String, prefix: String, suffix: String) -> String {
        if tensor.count == 0 { return "[]" }
        let summarize = tensor.count > threshold
        let format = ArrayElementFormat(tensor, values: summarize ? edgeValues(tensor) : allValues(tensor))
        let writer = NestedWriter(tensor: tensor, format: format, separator: separator, summarize: summarize)
        return writer.recurse(index: [], hangingIndent: " " + String(repeating: " ", count: prefix.count),
                              width: lineWidth - suffix.count)
    }

    private static func allValues(_ tensor: Tensor) -> [Scalar] {
        (0..<tensor.count).map { tensor.scalar(at: $0) }
    }

    /// `_leading_trailing`: the elements whose every index is among the first or last
    /// `edgeItems` of a dimension longer than twice that.
    private static func edgeValues(_ tensor: Tensor) -> [Scalar] {
        let kept: [[Int]] = tensor.shape.dimensions.map { size in
            size > 2 * edgeItems ? Array(0..<edgeItems) + Array((size - edgeItems)..<size) : Array(0..<size)
        }
        var values: [Scalar] = []
        var index = [Int](repeating: 0, count: kept.count)
        func visit(_ axis: Int) {
            if axis == kept.count {
                values.append(NestedWriter.element(tensor, index))
                return
            }
            for i in kept[axis] {
                index[axis] = i
                visit(axis + 1)
            }
        }
        visit(0)
        return values
    }
}

/// `_formatArray`: the recursion over dimensions that lays out rows and wraps lines.
private struct NestedWriter {
    let tensor: Tensor
    let format: ArrayElementFormat
    let separator: String
    let summarize: Bool

    /// The element at `index` (each position may be negative, counted from the end).
    static func element(_ tensor: Tensor, _ index: [Int]) -> Scalar {
        var position = tensor.storageOffset
        for (axis, i) in index.enumerated() {
            position += (i < 0 ? i + tensor.shape[axis] : i) * tensor.strides[axis]
        }
        return tensor.buffer.storage.scalar(at: position)
    }

    func recurse(index: [Int], hangingIndent: String, width: Int) -> String {
        let axesLeft = tensor.rank - index.count
        if axesLeft == 0 { return format(NestedWriter.element(tensor, index)) }
        let nextIndent = hangingIndent + " "
        let nextWidth = width - 1
        let length = tensor.shape[index.count]
        let showSummary = summarize && 2 * ArrayFormatter.edgeItems < length
        let leading = showSummary ? ArrayFormatter.edgeItems : 0
        let trailing = showSummary ? ArrayFormatter.edgeItems : length
        var text = ""
        if axesLeft == 1 {
            let elementWidth = width - max(separator.trimmingTrailingSpaces.count, 1)
            var line = hangingIndent
            for i in 0..<leading {
                extend(&text, &line, recurse(index: index + [i], hangingIndent: nextIndent, width: nextWidth), elementWidth, hangingIndent)
                line += separator
            }
            if showSummary {
                extend(&text, &line, "...", elementWidth, hangingIndent)
                line += separator
            }
            for i in stride(from: trailing, to: 1, by: -1) {
                extend(&text, &line, recurse(index: index + [-i], hangingIndent: nextIndent, width: nextWidth), elementWidth, hangingIndent)
                line += separator
            }
            extend(&text, &line, recurse(index: index + [-1], hangingIndent: nextIndent, width: nextWidth), elementWidth, hangingIndent)
            text += line
        } else {
            let lineSeparator = separator.trimmingTrailingSpaces + String(repeating: "\n", count: axesLeft - 1)
            for i in 0..<leading {
                text += hangingIndent + recurse(index: index + [i], hangingIndent: nextIndent, width: nextWidth) + lineSeparator
            }
            if showSummary { text += hangingIndent + "..." + lineSeparator }
            for i in stride(from: trailing, to: 1, by: -1) {
                text += hangingIndent + recurse(index: index + [-i], hangingIndent: nextIndent, width: nextWidth) + lineSeparator
            }
            text += hangingIndent + recurse(index: index + [-1], hangingIndent: nextIndent, width: nextWidth)
        }
        return "[" + text.dropFirst(hangingIndent.count) + "]"
    }

    /// `_extendLine`: wraps before `word` when the line would pass `width`, unless the
    /// line holds only its indent.
    private func extend(_ text: inout String, _ line: inout String, _ word: String, _ width: Int, _ indent: String) {
        if line.count + word.count > width, line.count > indent.count {
            text += line.trimmingTrailingSpaces + "\n"
            line = indent
        }
        line += word
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
