import ConvEngine
import Testing

/// Runs each test of a suite in an engine context of its own. Without one, tests use
/// ``EngineContext/detached``, whose grad mode every backward pass switches off for a
/// moment (formulas run without recording): a test that records a graph while another
/// runs a backward in parallel would record nothing. A session binds its own context
/// the same way.
struct OwnEngineContext: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await EngineContext().run { try await function() }
    }
}

extension Trait where Self == OwnEngineContext {
    /// Each test in an engine context of its own (grad mode, limits, threads).
    static var ownEngineContext: Self { OwnEngineContext() }
}
