import ConvEngine

/// Python's `hash()` for the values ConvLang can hash: exact for ints, bools, floats
/// and tuples of them (CPython 3.11's algorithms), so sets iterate in CPython's order.
/// Strings hash by a per-process random key, as CPython's do (their set order is not
/// reproducible in CPython either); objects hash by identity.
enum PythonHash {
    /// `2**61 - 1`, the modulus of CPython's numeric hash.
    static let modulus: UInt64 = (1 << 61) - 1

    static func hash(_ value: Value) -> Int {
        switch value {
        case .int(let i): return integer(i)
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return float(d)
        case .tuple(let items): return tuple(items.map(hash))
        case .size(let dims): return tuple(dims.map { integer(Int64($0)) })
        case .string(let s): return avoidingMinusOne(s.hashValue)
        case .set(let set) where set.isFrozen: return frozenset(set.elements.map(hash))
        default: return avoidingMinusOne(value.identity >> 4)
        }
    }

    /// CPython's `long_hash`: the value modulo 2**61 - 1, keeping its sign.
    static func integer(_ i: Int64) -> Int {
        let magnitude = i.magnitude % modulus
        let h = i < 0 ? -Int(magnitude) : Int(magnitude)
        return avoidingMinusOne(h)
    }

    /// CPython's `_Py_HashDouble`: integral floats hash as the int; others by their
    /// binary digits modulo 2**61 - 1.
    static func float(_ v: Double) -> Int {
        if v.isInfinite { return v > 0 ? 314_159 : -314_159 }
        if v.isNaN { return 0 }
        let bits: UInt64 = 61
        var m = v.significand, e = Int(v.exponent) + 1
        // frexp: m in [0.5, 1).
        m /= 2
        if v == 0 { return 0 }
        var sign: Int = 1
        if m < 0 { sign = -1; m = -m }
        var x: UInt64 = 0
        while m != 0 {
            x = ((x << 28) & modulus) | x >> (bits - 28)
            m *= 268_435_456.0
            e -= 28
            let y = UInt64(m)
            m -= Double(y)
            x += y
            if x >= modulus { x -= modulus }
        }
        let shift = e >= 0 ? UInt64(e) % bits : bits - 1 - UInt64((-1 - e)) % bits
        x = ((x << shift) & modulus) | x >> (bits - shift)
        let signed = Int(bitPattern: UInt(x)) * sign
        return avoidingMinusOne(signed)
    }

    /// CPython 3.11's tuple hash (xxHash's mixing of the item hashes).
    static func tuple(_ lanes: [Int]) -> Int {
        let prime1: UInt64 = 11_400_714_785_074_694_791, prime2: UInt64 = 14_029_467_366_897_019_727
        let prime5: UInt64 = 2_870_177_450_012_600_261
        var acc = prime5
        for lane in lanes {
            acc = acc &+ UInt64(bitPattern: Int64(lane)) &* prime2
            acc = (acc << 31) | (acc >> 33)
            acc = acc &* prime1
        }
        acc = acc &+ (UInt64(lanes.count) ^ (prime5 ^ 3_527_539))
        if acc == UInt64.max { return 1_546_275_796 }
        return Int(Int64(bitPattern: acc))
    }

    /// CPython's `frozenset_hash`.
    static func frozenset(_ hashes: [Int]) -> Int {
        func shuffle(_ h: UInt64) -> UInt64 { ((h ^ 89_869_747) ^ (h << 16)) &* 3_644_798_167 }
        var hash: UInt64 = 0
        for h in hashes { hash ^= shuffle(UInt64(bitPattern: Int64(h))) }
        if hashes.count & 1 == 1 { hash ^= shuffle(0) }
        hash ^= (UInt64(hashes.count) &+ 1) &* 1_927_868_237
        hash ^= (hash >> 11) ^ (hash >> 25)
        hash = hash &* 69069 &+ 907_133_923
        if hash == UInt64.max { hash = 590_923_713 }
        return Int(Int64(bitPattern: hash))
    }

    private static func avoidingMinusOne(_ h: Int) -> Int { h == -1 ? -2 : h }
}
