import Testing
@testable import ConvEngine

/// Which OpenBLAS kernels to ask for when OpenBLAS misreads the CPU.
@Suite struct BLASCoreTests {
    @Test(arguments: [
        ("Prescott", true, "Haswell"), ("Sandybridge", true, "Haswell"), ("CORE2", true, "Haswell"),
        ("Haswell", true, nil), ("SkylakeX", true, nil), ("Zen", true, nil), ("Prescott", false, nil),
    ] as [(String, Bool, String?)])
    func correctsOnlyKernelsOlderThanTheCPU(chosen: String, runsHaswellCode: Bool, corrected: String?) {
        #expect(BLASCore.correctedCoreType(chosen: chosen, runsHaswellCode: runsHaswellCode) == corrected)
    }

    @Test func namesTheKernelsInUse() {
        #expect(!BLASCore.name.isEmpty)
    }
}
