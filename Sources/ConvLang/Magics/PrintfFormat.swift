import ConvEngine
import Foundation

/// C's (and Python's `%`-formatting) conversions that the magics print.
enum PrintfFormat {
    /// `"%.*g" % (precision, value)`.
    static func g(_ value: Double, precision: Int) -> String {
        CFormat.printf("%.\(max(precision, 0))g", value)
    }

    /// `"%.*f" % (digits, value)`.
    static func f(_ value: Double, digits: Int) -> String {
        CFormat.printf("%.\(max(digits, 0))f", value)
    }

    /// `format(n, ",")`: an integer with a comma between each group of three digits.
    static func thousands(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
