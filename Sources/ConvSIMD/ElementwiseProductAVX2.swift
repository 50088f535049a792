/// Element-wise products of two float32 rows for AVX2, eight lanes at a time: a
/// transposed convolution whose taps never meet writes each output row as one such
/// product (the stretched input row times the stretched kernel row).
public enum ElementwiseProductAVX2: UnalignedLanes {
    /// `out[c] = (a[c] * b[c] + 0) + bias` for `c < count` (`+ bias` only when given): one
    /// rounded product, then the sums a zeroed output and its bias give it, so a negative
    /// zero product becomes positive.
    public static func products(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, bias: Float?, into out: UnsafeMutablePointer<Float>
    ) {
        let zero = SIMD8<Float>()
        var c = 0
        if let bias {
            let biases = SIMD8<Float>(repeating: bias)
            while c + 8 <= count {
                store((load(a + c) * load(b + c) + zero) + biases, out + c)
                c += 8
            }
            while c < count {
                out[c] = (a[c] * b[c] + 0) + bias
                c += 1
            }
        } else {
            while c + 8 <= count {
                store(load(a + c) * load(b + c) + zero, out + c)
                c += 8
            }
            while c < count {
                out[c] = a[c] * b[c] + 0
                c += 1
            }
        }
    }
}
