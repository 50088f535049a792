#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// `col2im`'s sums for one image row when a row's stride is 2, formed in registers and
/// stored once, for AVX2: the image row's even and odd columns (its two phases) are each
/// eight lanes at a time, every tap that reaches a phase adds its column run (a masked
/// load, so the runs' ends read nothing and add zero), and the two are interleaved into
/// sixteen columns of the row.
///
/// Each image element receives its taps in the order given (the caller lists them in
/// `col2im`'s order), starting from `+0.0`, as a zeroed image receiving `col2im`'s adds
/// does; a masked-out lane adds `+0.0`, which changes no sum (a sum started from `+0.0`
/// is never `-0.0` in round-to-nearest), so the row is `col2im`'s to the bit, and is
/// written, not added to.
public enum StrideTwoRowsAVX2: UnalignedLanes {
    /// Image columns one chunk writes: eight of each phase.
    public static let chunkColumns = 16

    /// Writes `channels` image planes (`planeStride` elements apart, `rows` rows of
    /// `width` columns) from their columns (`columnStride` elements apart): column
    /// `2m + p` of row `r` gets, for each of the row's runs in order and each tap of
    /// phase `p` in order, the element `m` of the run displaced by the tap's offset,
    /// where the tap reads `m`.
    ///
    /// Plain arguments rather than a struct of them: a public value type of this
    /// module would have its copy helpers compiled for AVX2 and shared with the code
    /// every CPU runs.
    /// - Parameters:
    ///   - runStarts: `rows + 1` indices into `runOffsets`: row `r`'s runs are
    ///     `runOffsets[runStarts[r] ..< runStarts[r + 1]]`, in the order they add, each
    ///     the element offset (from a channel's columns) of a kernel row's first tap at
    ///     the column position that meets the image row's start.
    ///   - tapOffsets: the even phase's taps then the odd phase's, each in the order
    ///     they add, as element offsets from a run.
    ///   - chunks: `(width + 15) / 16`.
    ///   - interior: the chunks whose lanes every tap reads (plain loads).
    ///   - masks: per tap, a mask of eight lanes for each other chunk (all ones where lane
    ///     `m` reads an element of the tap's run, zero where it reads nothing), in order;
    ///     then the last chunk's two stores' masks (the lanes inside the row).
    public static func writePlanes(
        columns: UnsafePointer<Float>, columnStride: Int, channels: Int,
        runStarts: UnsafePointer<Int>, runOffsets: UnsafePointer<Int>, rows: Int,
        tapOffsets: UnsafePointer<Int>, evenTaps: Int, oddTaps: Int, chunks: Int, interior: Range<Int>,
        masks: UnsafePointer<SIMD8<Int32>>, width: Int, image: UnsafeMutablePointer<Float>, planeStride: Int
    ) {
        let edges = chunks - interior.count
        let lastStores = (masks[(evenTaps + oddTaps) * edges], masks[(evenTaps + oddTaps) * edges + 1])
        let taps = (offsets: tapOffsets, even: evenTaps, all: evenTaps + oddTaps)
        for channel in 0..<channels {
            let base = columns + channel * columnStride
            var row = image + channel * planeStride
            for r in 0..<rows {
                let first = runStarts[r]
                let rowRuns = UnsafeBufferPointer(start: runOffsets + first, count: runStarts[r + 1] - first)
                for k in 0..<chunks {
                    let sums: (SIMD8<Float>, SIMD8<Float>)
                    if interior.contains(k) {
                        sums = phaseSums(rowRuns, base + 8 * k, taps, masks: nil)
                    } else {
                        let edge = k < interior.lowerBound ? k : k - interior.count
                        sums = phaseSums(rowRuns, base + 8 * k, taps, masks: (masks + edge, edges))
                    }
                    let (low, high) = interleaved(sums.0, sums.1)
                    let target = row + chunkColumns * k
                    if k + 1 < chunks {
                        store(low, target)
                        store(high, target + 8)
                    } else {
                        maskedStore(low, target, lastStores.0)
                        maskedStore(high, target + 8, lastStores.1)
                    }
                }
                row += width
            }
        }
    }

    /// One chunk's even and odd sums from `runs` (offsets from `base`): every lane read,
    /// or, with `masks`, tap `t`'s lanes through `masks.first[t * masks.stride]`.
    @inline(__always)
    static func phaseSums(
        _ runs: UnsafeBufferPointer<Int>, _ base: UnsafePointer<Float>,
        _ taps: (offsets: UnsafePointer<Int>, even: Int, all: Int),
        masks: (first: UnsafePointer<SIMD8<Int32>>, stride: Int)?
    ) -> (SIMD8<Float>, SIMD8<Float>) {
        var even = SIMD8<Float>(), odd = SIMD8<Float>()
        @inline(__always) func lanes(_ t: Int, _ source: UnsafePointer<Float>) -> SIMD8<Float> {
            let p = source + taps.offsets[t]
            guard let masks else { return load(p) }
            return maskedLoad(p, masks.first[t * masks.stride])
        }
        for offset in runs {
            let source = base + offset
            var t = 0
            while t < taps.even {
                even += lanes(t, source)
                t += 1
            }
            while t < taps.all {
                odd += lanes(t, source)
                t += 1
            }
        }
        return (even, odd)
    }

    /// `(e0 o0 e1 o1 e2 o2 e3 o3, e4 o4 ... e7 o7)`.
    @inline(__always)
    static func interleaved(_ e: SIMD8<Float>, _ o: SIMD8<Float>) -> (SIMD8<Float>, SIMD8<Float>) {
        #if arch(x86_64)
        let low = _mm256_unpacklo_ps(e, o), high = _mm256_unpackhi_ps(e, o)
        return (SIMD8(lowHalf: low.lowHalf, highHalf: high.lowHalf), SIMD8(lowHalf: low.highHalf, highHalf: high.highHalf))
        #else
        return (SIMD8(e[0], o[0], e[1], o[1], e[2], o[2], e[3], o[3]), SIMD8(e[4], o[4], e[5], o[5], e[6], o[6], e[7], o[7]))
        #endif
    }

    /// The lanes of `p` whose mask is set, `+0.0` elsewhere; masked-out lanes are not read.
    @inline(__always)
    static func maskedLoad(_ p: UnsafePointer<Float>, _ mask: SIMD8<Int32>) -> SIMD8<Float> {
        #if arch(x86_64)
        return _mm256_maskload_ps(p, unsafeBitCast(mask, to: __m256i.self))
        #else
        var v = SIMD8<Float>()
        for l in 0..<8 where mask[l] != 0 { v[l] = p[l] }
        return v
        #endif
    }

    /// Writes the lanes of `v` whose mask is set to `p`; the others are not touched.
    @inline(__always)
    static func maskedStore(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ mask: SIMD8<Int32>) {
        #if arch(x86_64)
        _mm256_maskstore_ps(p, unsafeBitCast(mask, to: __m256i.self), v)
        #else
        for l in 0..<8 where mask[l] != 0 { p[l] = v[l] }
        #endif
    }
}
