import Testing
@testable import ConvEngine
#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS runs on its caller's thread only, and its own threads are stopped, so none
/// spins beside the engine's.
@Suite struct BLASThreadsTests {
    @Test func openBLASKeepsNoThreadsOfItsOwn() throws {
        BLASThreads.runInCallersThread()
        #expect(BLASThreads.threadsPerCall == 1)
        #if canImport(Glibc)
        // A pthread build says whether its threads run in `blas_server_avail`.
        if let available = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_server_avail") {
            #expect(available.load(as: Int32.self) == 0)
        }
        #endif
        // Products still run, on the calling thread.
        var c = [Float](repeating: 0, count: 4)
        let (a, b): ([Float], [Float]) = ([1, 2, 3, 4], [5, 6, 7, 8])
        try ConvKernels.gemm(m: 2, n: 2, k: 2, transposeA: false, a: a, lda: 2, b: b, ldb: 2, c: &c, ldc: 2,
                             accumulate: false, cancellation: nil)
        #expect(c == [19, 22, 43, 50])
    }
}
