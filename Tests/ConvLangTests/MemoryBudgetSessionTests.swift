import Testing
@testable import ConvLang

/// A session with a small memory budget: an allocation past it is PyTorch's
/// RuntimeError, the session keeps its variables, and `del` or rebinding frees at once.
@Suite struct MemoryBudgetSessionTests {
    static let error = "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: "
        + "you tried to allocate 2400000 bytes. Error code 12 (Cannot allocate memory)"

    @Test func allocatingPastTheBudgetIsPyTorchsErrorAndKeepsTheSession() throws {
        let session = Session(maxMemory: 4_000_000)
        try session.run("import torch\na = torch.zeros(600000)\nb = 1")
        let failure = try #require(session.failure("b = 2\nc = torch.ones(600000)"))
        #expect(failure.kind == "RuntimeError")
        #expect(failure.message == Self.error)
        #expect(try session.run("(a.shape, b)") == "(torch.Size([600000]), 2)")
        #expect(session.failure("c")?.kind == "NameError")
        try session.run("del a\nc = torch.ones(600000)\nd = torch.zeros(100)")
        #expect(try session.run("c.sum().item()") == "600000.0")
    }

    @Test func rebindingFreesTheOldTensorAtOnce() throws {
        // The new tensor is made while the old one is still bound: two at a time.
        let session = Session(maxMemory: 4_800_000)
        try session.run("import torch\nfor i in range(20):\n    a = torch.zeros(600000)")
        #expect(session.interpreter.engineContext.memoryBudget.used == 2_400_000)
    }

    /// Copies ask for room first; operations that allocate without asking (a unary
    /// function) are caught when they return. Either way: the error, nothing bound.
    @Test(arguments: ["b = a.clone()", "b = a.t().contiguous()", "b = a.double()", "b = a.exp()", "b = -a", "b = torch.sigmoid(a)"])
    func copiesPastTheBudgetAreRefused(code: String) throws {
        let session = Session(maxMemory: 4_000_000)
        try session.run("import torch\na = torch.zeros(600, 1000)")
        let failure = try #require(session.failure(code))
        #expect(failure.kind == "RuntimeError")
        #expect(failure.message.hasPrefix("[enforce fail at alloc_cpu.cpp:127]"))
        #expect(session.failure("b") != nil)
        #expect(session.interpreter.engineContext.memoryBudget.used == 2_400_000)
        try session.run("x = a[:10].clone()")
    }

    /// In a loop the error stops the loop and the names bound before it keep their values.
    @Test func aLoopThatAllocatesStopsAtTheBudget() throws {
        let session = Session(maxMemory: 4_000_000)
        let failure = try #require(session.failure("import torch\nkept = []\nfor i in range(10):\n    kept.append(torch.zeros(250000))"))
        #expect(failure.kind == "RuntimeError")
        #expect(try session.run("len(kept)") == "4")
        try session.run("kept.clear()\nx = torch.zeros(900000)")
    }
}
