/// Python's `math.fsum`: the correctly rounded sum (Shewchuk's algorithm, as CPython
/// implements it), so that means and deviations match IPython's to the last bit.
enum ExactSum {
    static func fsum(_ values: [Double]) -> Double {
        var partials: [Double] = []
        var special = 0.0
        for value in values {
            guard value.isFinite else {
                special += value
                continue
            }
            var x = value
            var i = 0
            for var y in partials {
                if abs(x) < abs(y) { swap(&x, &y) }
                let hi = x + y
                let lo = y - (hi - x)
                if lo != 0 {
                    partials[i] = lo
                    i += 1
                }
                x = hi
            }
            partials.removeSubrange(i...)
            if x != 0 { partials.append(x) }
        }
        if special != 0 || special.isNaN { return special }
        guard var n = partials.indices.last else { return 0 }
        var hi = partials[n]
        var lo = 0.0
        while n > 0 {
            let x = hi
            let y = partials[n - 1]
            n -= 1
            hi = x + y
            lo = y - (hi - x)
            if lo != 0 { break }
        }
        // Round half to even across the remaining partials.
        if n > 0, (lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0) {
            let y = lo * 2
            let x = hi + y
            if y == x - hi { hi = x }
        }
        return hi
    }
}
