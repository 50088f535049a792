import COpenBLAS

/// A floating-point type the compute kernels run on: `Float` through OpenBLAS's
/// `sgemm`, `Double` through `dgemm`.
protocol BLASScalar: BinaryFloatingPoint, SIMDScalar, Codable {
    typealias CBLASGemm = (CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, blasint, blasint, blasint, Self,
                           UnsafePointer<Self>?, blasint, UnsafePointer<Self>?, blasint, Self,
                           UnsafeMutablePointer<Self>?, blasint) -> Void
    /// The CBLAS routine for this type.
    static var cblasGemm: CBLASGemm { get }
}

extension Float: BLASScalar { static var cblasGemm: CBLASGemm { cblas_sgemm } }
extension Double: BLASScalar { static var cblasGemm: CBLASGemm { cblas_dgemm } }

extension BLASScalar {
    /// `C = op(A) * op(B)` (or `C += ...` when `accumulate`), row-major, with A or B
    /// optionally transposed: `C` is `m x n`, `op(A)` is `m x k`, `op(B)` is `k x n`.
    static func gemm(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool = false,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     c: UnsafeMutablePointer<Self>, ldc: Int, accumulate: Bool) {
        cblasGemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                  blasint(m), blasint(n), blasint(k), 1, a, blasint(lda), b, blasint(ldb),
                  accumulate ? 1 : 0, c, blasint(ldc))
    }
}

extension ConvKernels {
    /// The most multiply-adds one BLAS call does, so that a cancellation is seen
    /// between calls within a fraction of a second.
    static let multiplyAddsPerCall = 1 << 30

    /// ``gemm(m:n:k:transposeA:a:lda:b:ldb:c:ldc:accumulate:cancellation:)`` with the
    /// columns of `C` split over up to `threads` threads (the calling context's
    /// ``EngineContext/computeThreads``, read on the calling thread).
    static func parallelGemm<T: BLASScalar>(
        m: Int, n: Int, k: Int, transposeA: Bool,
        a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
        c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool, threads: Int, cancellation: CancellationFlag?
    ) throws(EngineError) {
        // Column chunks of at least 64, and parallel only when there is real work.
        let grain = m * k < 1 << 14 ? n : 64
        let c = UncheckedBox(c), a = UncheckedBox(a), b = UncheckedBox(b)
        Lowering.parallelChunks(n, threads: threads, grain: grain) { columns in
            try? gemm(m: m, n: columns.count, k: k, transposeA: transposeA, a: a.value, lda: lda,
                      b: b.value + columns.lowerBound, ldb: ldb, c: c.value + columns.lowerBound, ldc: ldc,
                      accumulate: accumulate, cancellation: cancellation)
        }
        try cancellation.check()
    }

    /// `C (m x n) = op(A) (m x k) * op(B) (k x n)`, split into column blocks of bounded
    /// work with a cancellation check before each. Empty products leave `C` zeroed
    /// (or untouched when accumulating).
    static func gemm<T: BLASScalar>(
        m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool = false,
        a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
        c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool, cancellation: CancellationFlag?
    ) throws(EngineError) {
        BLASThreads.runInCallersThread()
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        let block = max(1, min(n, multiplyAddsPerCall / max(m * k, 1)))
        var start = 0
        while start < n {
            try cancellation.check()
            let width = min(block, n - start)
            // Columns of op(B) are rows of a transposed B.
            T.gemm(m: m, n: width, k: k, transposeA: transposeA, transposeB: transposeB, a: a, lda: lda,
                   b: b + (transposeB ? start * ldb : start), ldb: ldb,
                   c: c + start, ldc: ldc, accumulate: accumulate)
            start += width
        }
    }
}
