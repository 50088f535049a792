import CNumberFormat

/// Numbers formatted by the C library's `printf` conversions, as PyTorch's C++ and
/// CPython's `%`-formatting print them, without Foundation's `String(format:)` (which
/// builds a CFString per call: a tensor's repr formats every element, several times)
/// and without Swift's `withVaList` (which boxes and casts every argument): each call
/// is one `snprintf` in C (`CNumberFormat`) into a stack buffer.
public enum CFormat {
    /// `value` through one `printf` conversion such as `%.4f`, `%.3e` or `%g` (the spec
    /// holds exactly one conversion, of a `double`).
    public static func printf(_ spec: String, _ value: Double) -> String {
        spec.withCString { spec in formatted { convlab_format_double($0, $1, spec, value) } }
    }

    /// `value` with `digits` digits after the point (`%.<digits>f`).
    public static func fixed(_ value: Double, digits: Int) -> String {
        if let text = FixedPoint.format(value, digits: digits) { return text }
        let digits = Int32(clamping: max(digits, 0))
        return formatted { convlab_format_fixed($0, $1, digits, value) }
    }

    /// `value` in scientific notation with `digits` digits after the point (`%.<digits>e`).
    public static func scientific(_ value: Double, digits: Int) -> String {
        let digits = Int32(clamping: max(digits, 0))
        return formatted { convlab_format_scientific($0, $1, digits, value) }
    }

    /// C++'s `std::ostream << double` (six significant digits, `%g`), as PyTorch's C++
    /// messages print floating-point arguments: `-1`, `0.5`, `1e-05`.
    public static func double(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return printf("%g", value)
    }

    /// What `write(buffer, size)` (an `snprintf`) writes: into 64 bytes on the stack, or,
    /// when longer (`%.300f` of a large number), again at the exact size.
    private static func formatted(_ write: (UnsafeMutablePointer<CChar>?, Int) -> Int32) -> String {
        let text = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> String? in
            let written = Int(write(buffer.baseAddress, 64))
            guard written >= 0, written < 64 else { return nil }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: written), as: UTF8.self)
        }
        if let text { return text }
        let size = Int(max(write(nil, 0), 0)) + 1
        return String(unsafeUninitializedCapacity: size) { out in
            out.withMemoryRebound(to: CChar.self) { Int(max(0, min(write($0.baseAddress, size), Int32(size - 1)))) }
        }
    }
}
