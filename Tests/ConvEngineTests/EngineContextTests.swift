import Dispatch
import Synchronization
import Testing
@testable import ConvEngine

/// Two engine contexts (two sessions) in one process: each keeps its own element cap,
/// grad mode, compute threads and workspace pool, whether they run alternately on one
/// thread or at once on two.
@Suite struct EngineContextTests {
    /// A small cap, gradients off, one thread.
    static func narrow() -> EngineContext {
        let context = EngineContext(maxElements: 100, computeThreads: 1)
        context.gradMode.state.isGradEnabled = false
        return context
    }

    /// The default cap, gradients on, two threads.
    static func wide() -> EngineContext { EngineContext(computeThreads: 2) }

    /// What `context` should look like from inside its own `run`; a description of each
    /// difference (empty when there is none).
    static func mismatches(inside context: EngineContext, cap: Int, gradEnabled: Bool, threads: Int) -> [String] {
        var found: [String] = []
        let current = EngineContext.current
        if current !== context { found.append("current is another context") }
        if current.maxElements != cap { found.append("cap \(current.maxElements), expected \(cap)") }
        if current.gradMode.isGradEnabled != gradEnabled { found.append("grad enabled \(current.gradMode.isGradEnabled)") }
        let resources = ComputeResources()
        if resources.threads != threads { found.append("\(resources.threads) compute threads, expected \(threads)") }
        if resources.pool !== context.workspacePool { found.append("another context's workspace pool") }
        let refused: Bool
        do { _ = try Tensor.zeros([101]); refused = false } catch { refused = error.kind == .limit }
        if refused != (cap < 101) { found.append(refused ? "101 elements refused" : "101 elements allowed") }
        return found
    }

    /// A convolution through the compute kernels (threads and workspace from the context).
    static func convolve() throws(EngineError) -> Tensor {
        let random = RandomGenerator(seed: 3)
        let x = try random.rand([3, 4, 9, 9], dtype: .float64)
        let w = try random.rand([5, 4, 3, 3], dtype: .float64)
        return try ConvPlan.convolution(x, weight: w, spatialRank: 2, stride: 2, padding: 1).run()
    }

    @Test func settingsAreClampedAndDefaultsAreTheProcessDefaults() {
        let context = EngineContext(maxElements: 0, computeThreads: 0)
        #expect(context.maxElements == 1 && context.computeThreads == 1)
        context.maxElements = 42
        context.computeThreads = 3
        #expect(context.maxElements == 42 && context.computeThreads == 3)
        let plain = EngineContext()
        #expect(plain.maxElements == EngineLimits.defaultMaxElements)
        #expect(plain.computeThreads == EngineContext.processorCount)
        #expect(plain.gradMode.isGradEnabled)
        #expect(plain.workspacePool !== context.workspacePool)
    }

    @Test func contextsUsedAlternatelyKeepTheirOwnSettings() throws {
        let (narrow, wide) = (Self.narrow(), Self.wide())
        for _ in 0..<3 {
            #expect(narrow.run { Self.mismatches(inside: narrow, cap: 100, gradEnabled: false, threads: 1) } == [])
            #expect(wide.run { Self.mismatches(inside: wide, cap: EngineLimits.defaultMaxElements, gradEnabled: true, threads: 2) } == [])
            // Nested: the inner context wins, and the outer one is back afterwards.
            narrow.run {
                #expect(wide.run { EngineContext.current.maxElements } == EngineLimits.defaultMaxElements)
                #expect(Self.mismatches(inside: narrow, cap: 100, gradEnabled: false, threads: 1) == [])
            }
        }
        #expect(EngineContext.current === EngineContext.detached)
        // The same numbers on one thread and on two.
        let one = try narrow.run { () throws(EngineError) in
            try EngineContext(computeThreads: 1).run { () throws(EngineError) in try Self.convolve() }
        }
        let two = try wide.run { () throws(EngineError) in try Self.convolve() }
        #expect(closeness(one, two, rtol: 1e-12, atol: 1e-12) == nil)
    }

    @Test func contextsUsedAtOnceOnTwoThreadsKeepTheirOwnSettings() {
        let contexts = [Self.narrow(), Self.wide()]
        let expected = [(cap: 100, grad: false, threads: 1), (cap: EngineLimits.defaultMaxElements, grad: true, threads: 2)]
        let problems = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let context = contexts[i]
            for round in 0..<200 {
                let found = context.run { () -> [String] in
                    var found = Self.mismatches(inside: context, cap: expected[i].cap, gradEnabled: expected[i].grad,
                                                threads: expected[i].threads)
                    if round % 20 == 0 {
                        // Kernels run on the context's threads with its pool, beside the other's.
                        if (try? EngineContext(maxElements: 1 << 20, computeThreads: expected[i].threads).run {
                            () throws(EngineError) in try Self.convolve()
                        }) == nil { found.append("the convolution failed") }
                    }
                    return found
                }
                if !found.isEmpty { problems.withLock { $0.append("context \(i), round \(round): \(found)") } }
            }
        }
        #expect(problems.withLock { $0 } == [])
    }
}
