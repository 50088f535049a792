import Testing
@testable import ConvEngine

/// Which OpenBLAS kernels to ask for when OpenBLAS did not choose its AVX2 ones.
@Suite struct BLASCoreTests {
    @Test(arguments: [
        ("Prescott", true, "Haswell"), ("Sandybridge", true, "Haswell"), ("CORE2", true, "Haswell"),
        ("SkylakeX", true, "Haswell"), ("Cooperlake", true, "Haswell"), ("SapphireRapids", true, "Haswell"),
        ("Haswell", true, nil), ("Zen", true, nil), ("ZEN", true, nil),
        ("Prescott", false, nil), ("SkylakeX", false, nil),
    ] as [(String, Bool, String?)])
    func asksForTheAVX2KernelsOnACPUThatRunsThem(chosen: String, runsHaswellCode: Bool, corrected: String?) {
        #expect(BLASCore.correctedCoreType(chosen: chosen, runsHaswellCode: runsHaswellCode) == corrected)
    }

    @Test func namesTheKernelsInUse() {
        #expect(!BLASCore.name.isEmpty)
    }
}
