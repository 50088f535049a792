/// Python's `fnmatch` (and SQLite's `GLOB`): `*`, `?`, `[abc]`, `[!abc]`, case-sensitive.
enum Glob {
    static func matches(_ text: String, _ pattern: String) -> Bool {
        let t = Array(text), p = Array(pattern)
        // Backtracking over the last `*`, which is linear for patterns of this shape.
        var ti = 0, pi = 0
        var starP = -1, starT = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "*" {
                starP = pi
                starT = ti
                pi += 1
            } else if pi < p.count, let next = matchOne(t[ti], p, pi) {
                ti += 1
                pi = next
            } else if starP >= 0 {
                pi = starP + 1
                starT += 1
                ti = starT
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Whether `c` matches the pattern item at `i`; the index after the item if so.
    private static func matchOne(_ c: Character, _ p: [Character], _ i: Int) -> Int? {
        switch p[i] {
        case "?": return i + 1
        case "[":
            var j = i + 1
            var negate = false
            if j < p.count, p[j] == "!" {
                negate = true
                j += 1
            }
            var matched = false
            var first = true
            while j < p.count, p[j] != "]" || first {
                first = false
                if j + 2 < p.count, p[j + 1] == "-", p[j + 2] != "]" {
                    if p[j] <= c && c <= p[j + 2] { matched = true }
                    j += 3
                } else {
                    if p[j] == c { matched = true }
                    j += 1
                }
            }
            // An unclosed `[` is a literal bracket.
            guard j < p.count else { return c == "[" ? i + 1 : nil }
            return matched != negate ? j + 1 : nil
        default:
            return p[i] == c ? i + 1 : nil
        }
    }
}
