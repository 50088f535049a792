#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers formatted by the C library's `printf` conversions, as PyTorch's C++ and
/// CPython's `%`-formatting print them, without Foundation's `String(format:)` (which
/// builds a CFString per call: a tensor's repr formats every element, several times).
public enum CFormat {
    /// `value` through one `printf` conversion such as `%.4f`, `%.3e` or `%g` (the spec
    /// holds exactly one conversion, of a `double`).
    public static func printf(_ spec: String, _ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let written = withVaList([value]) { vsnprintf(buffer.baseAddress, 64, spec, $0) }
            if written >= 0, written < 64 {
                return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(written)),
                              as: UTF8.self)
            }
            // Longer than the buffer (`%.300f` of a large number): again at the exact size.
            var text = [CChar](repeating: 0, count: Int(max(written, 0)) + 1)
            let count = text.withUnsafeMutableBufferPointer { out in
                withVaList([value]) { vsnprintf(out.baseAddress, out.count, spec, $0) }
            }
            return String(decoding: text.prefix(Int(max(0, count))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// `value` with `digits` digits after the point (`%.<digits>f`).
    public static func fixed(_ value: Double, digits: Int) -> String { printf("%.\(max(digits, 0))f", value) }

    /// C++'s `std::ostream << double` (six significant digits, `%g`), as PyTorch's C++
    /// messages print floating-point arguments: `-1`, `0.5`, `1e-05`.
    public static func double(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return printf("%g", value)
    }
}
