import ConvEngine
import Foundation

/// A duration as IPython's `%time` and `%timeit` write it (`_format_time` in
/// `IPython/core/magics/execution.py`): three significant digits in the largest unit
/// of s, ms, μs and ns that keeps the number at least 1, or days, hours, minutes and
/// whole seconds from a minute up.
///
/// ```swift
/// TimeFormat.string(0.00123)      // "1.23 ms"
/// TimeFormat.string(5e-7)         // "500 ns"
/// TimeFormat.string(3700)         // "1h 1min 40s"
/// TimeFormat.string(1e-4, precision: 5)  // "100 μs"
/// ```
///
/// The micro sign is U+03BC GREEK SMALL LETTER MU, the character IPython writes when
/// its output can encode it (always, for a notebook).
public enum TimeFormat {
    /// IPython's units, from seconds down.
    static let units = ["s", "ms", "\u{03BC}s", "ns"]

    /// `_format_time(timespan, precision)`.
    /// - Parameters:
    ///   - timespan: seconds.
    ///   - precision: significant digits (`%.*g`); `%timeit -p` sets it.
    public static func string(_ timespan: Double, precision: Int = 3) -> String {
        if timespan >= 60, timespan.isFinite {
            return clockText(timespan)
        }
        // Scale by thousands: the exponent of the leading digit, floor-divided by 3.
        let order: Int
        if timespan.isInfinite, timespan > 0 {
            order = 0  // Python raises OverflowError here; "inf s" is kinder.
        } else if timespan > 0 {
            let exponent = Int(log10(timespan).rounded(.down))
            order = min(-floorDivide(exponent, 3), 3)
        } else {
            order = 3
        }
        let scaling = [1.0, 1e3, 1e6, 1e9]
        return "\(PrintfFormat.g(timespan * scaling[order], precision: precision)) \(units[order])"
    }

    /// From a minute up: `1d 1h 1min 1s`, each unit written only when not zero, and
    /// stopping once less than a second is left.
    private static func clockText(_ timespan: Double) -> String {
        let parts: [(suffix: String, length: Double)] = [("d", 86_400), ("h", 3_600), ("min", 60), ("s", 1)]
        var words: [String] = []
        var leftover = timespan
        for (suffix, length) in parts {
            let value = (leftover / length).rounded(.towardZero)
            if value > 0 {
                leftover = leftover.truncatingRemainder(dividingBy: length)
                words.append(CFormat.printf("%.0f", value) + suffix)
            }
            if leftover < 1 { break }
        }
        return words.joined(separator: " ")
    }

    /// Python's `//` on integers (rounds toward minus infinity).
    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
