import Foundation
import Testing
@testable import ConvEngine

/// The session's memory budget: reserving, releasing, refusing with PyTorch's words,
/// and reading sizes and the system's limits.
@Suite struct MemoryBudgetTests {
    @Test func chargesAndReleases() throws {
        let budget = MemoryBudget(limit: 1000)
        try budget.checkRoom(for: 600)
        budget.charge(600)
        try budget.checkRoom(for: 400)
        budget.charge(400)
        #expect(budget.used == 1000)
        budget.release(600)
        #expect(budget.used == 400)
        #expect(budget.takeOverdraft() == nil)
    }

    @Test func refusesRoomOverBudgetAndKeepsWhatWasHeld() throws {
        let budget = MemoryBudget(limit: 1 << 30)
        budget.charge(1 << 29)
        #expect(throws: EngineError.outOfMemory(bytes: 536870912 + 1)) { try budget.checkRoom(for: (1 << 29) + 1) }
        #expect(throws: EngineError.outOfMemory(bytes: 7)) { try budget.checkRoom(for: 1 << 30, reporting: 7) }
        #expect(throws: EngineError.outOfMemory(bytes: Int.max)) { try budget.checkRoom(for: Int.max) }
        #expect(budget.used == 1 << 29)
        try budget.checkRoom(for: 1 << 29)
    }

    /// A charge past the limit (a buffer made without asking for room) is an overdraft
    /// while the buffers still hold more than the limit, reported once.
    @Test func overdraftsAreReportedOnceWhileStillOver() {
        let budget = MemoryBudget(limit: 1000)
        budget.charge(900)
        budget.charge(200)
        #expect(budget.takeOverdraft() == 200)
        #expect(budget.takeOverdraft() == nil)
        budget.release(200)
        budget.charge(300)
        budget.release(300)
        #expect(budget.takeOverdraft() == nil)   // a temporary, freed before the check
        #expect(budget.used == 900)
    }

    /// The system's allocator is asked for large requests: a size no machine gives is
    /// refused although the budget would take it.
    @Test func largeRequestsTheSystemRefusesAreRefused() throws {
        let budget = MemoryBudget(limit: Int.max)
        #expect(throws: EngineError.outOfMemory(bytes: 1 << 62)) { try budget.checkRoom(for: 1 << 62) }
        try budget.checkRoom(for: MemoryBudget.systemProbeBytes)
    }

    /// PyTorch 2.x on Linux, `torch.zeros(2**27)` under `prlimit --as=2500000000`.
    @Test func errorIsPyTorchsText() {
        let error = EngineError.outOfMemory(bytes: 536870912)
        #expect(error.description == "RuntimeError: [enforce fail at alloc_cpu.cpp:127] err == 0. "
            + "DefaultCPUAllocator: can't allocate memory: you tried to allocate 536870912 bytes. "
            + "Error code 12 (Cannot allocate memory)")
        #expect(error.kind == .memory)
    }

    @Test func releasesFromManyThreads() async throws {
        let budget = MemoryBudget(limit: 1 << 20)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask { budget.charge(100); budget.release(100) }
            }
        }
        #expect(budget.used == 0)
    }

    @Test(arguments: [
        ("1GiB", 1 << 30), ("512MiB", 512 << 20), ("64KiB", 64 << 10), ("2GB", 2_000_000_000),
        ("1073741824", 1 << 30), ("100B", 100), (" 1 gib ", 1 << 30), ("3TiB", 3 << 40),
    ])
    func readsSizes(text: String, bytes: Int) throws {
        #expect(try MemorySize.bytes(text) == bytes)
    }

    @Test(arguments: ["", "GiB", "1.5GiB", "-1GiB", "0", "12XB", "99999999999TiB", "１GiB"])
    func refusesBadSizes(text: String) {
        #expect(throws: MemorySizeError.self) { try MemorySize.bytes(text) }
    }

    @Test func describesSizes() {
        #expect(MemorySize.describe(1 << 30) == "1 GiB")
        #expect(MemorySize.describe(3 << 29) == "1.5 GiB")
        #expect(MemorySize.describe(300) == "300 B")
        #expect(MemorySize.describe((1 << 20) + (1 << 20) / 4) == "1.25 MiB")
    }

    @Test func readsCgroupLimits() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cg-\(UUID())").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(SystemMemory.cgroupLimit(root: root) == nil)
        try "max\n".write(toFile: root + "/memory.max", atomically: true, encoding: .utf8)
        #expect(SystemMemory.cgroupLimit(root: root) == nil)
        try "2147483648\n".write(toFile: root + "/memory.max", atomically: true, encoding: .utf8)
        #expect(SystemMemory.cgroupLimit(root: root) == 2147483648)
        #expect(SystemMemory.parseLimit("9223372036854771712") == nil)
    }

    @Test func defaultBudgetIsEightyPercentOfWhatIsAvailable() {
        let available = SystemMemory.available()
        #expect(available > 0 && available <= SystemMemory.physical())
        #expect(SystemMemory.addressSpaceRoom() == nil)   // the tests run without `ulimit -v`
        #expect(SystemMemory.defaultBudget() == Int(Double(available) * 0.8))
    }
}

/// Tensor buffers charge their bytes to the context they are made in, and give them
/// back when freed, so that deleting or rebinding a tensor frees its share at once.
@Suite struct TensorBufferAccountingTests {
    @Test func buffersChargeTheirContextUntilFreed() throws {
        let context = EngineContext(computeThreads: 1, maxMemory: 1 << 30)
        #expect(context.memoryBudget.used == 0)
        var x: Tensor? = try context.run { () throws(EngineError) in try Tensor.zeros([1000]) }
        #expect(context.memoryBudget.used == 4000)
        let view = try x!.indexed([.all])
        #expect(context.memoryBudget.used == 4000)
        var y: Tensor? = try context.run { () throws(EngineError) in try Tensor.zeros([10], dtype: .float64) }
        #expect(context.memoryBudget.used == 4080)
        x = nil
        #expect(context.memoryBudget.used == 4080)   // the view keeps the buffer
        #expect(view.shape == TensorShape([1000]))
        y = nil
        #expect(y == nil && context.memoryBudget.used == 4000)
    }

    /// Creation functions and operations ask for room before they allocate: over the
    /// budget they throw PyTorch's error, naming the tensor's bytes, and hold nothing.
    @Test func operationsAskForRoomBeforeAllocating() throws {
        let context = EngineContext(computeThreads: 1, maxMemory: 1 << 20)
        try context.run { () throws(EngineError) in
            let a = try Tensor.zeros([200_000])
            #expect(context.memoryBudget.used == 800_000)
            #expect(throws: EngineError.outOfMemory(bytes: 800_000)) { try Tensor.zeros([200_000]) }
            #expect(throws: EngineError.outOfMemory(bytes: 800_000)) { try a.applying(.add, a) }
            #expect(throws: EngineError.outOfMemory(bytes: 400_000)) { try RandomGenerator(seed: 0).randn([100_000]) }
            #expect(throws: EngineError.outOfMemory(bytes: 1_600_000)) { try Tensor.concatenate([a, a], dim: 0) }
            #expect(context.memoryBudget.used == 800_000)
            #expect(throws: EngineError.self) { try Tensor.arange(end: .int(100_000)) }   // int64, 800,000 bytes
        }
    }

    /// Negative sizes count as empty, as in the element cap's check (the fuzz found a
    /// layer with a negative channel count, whose byte count overflowed).
    @Test func negativeSizesAskForNothing() throws {
        try EngineLimits.checkAllocation(TensorShape([-(1 << 62), 4]), dtype: .float64, workingBytesPerElement: 8)
    }

    @Test func freeingReleasesAtOnce() throws {
        let context = EngineContext(computeThreads: 1, maxMemory: 1 << 30)
        do {
            let t = try context.run { () throws(EngineError) in try Tensor.zeros([256], dtype: .int64) }
            #expect(context.memoryBudget.used == 2048)
            _ = t
        }
        #expect(context.memoryBudget.used == 0)
    }
}
