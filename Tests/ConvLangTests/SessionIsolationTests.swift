import ConvEngine
import Dispatch
import Synchronization
import Testing
@testable import ConvLang

/// Two interpreters in one process (two notebooks' kernels, or a kernel and a test):
/// each keeps its own `torch.no_grad()` state and element cap, run alternately or at
/// once on two threads.
@Suite struct SessionIsolationTests {
    @Test func twoSessionsKeepTheirOwnGradModeAndCap() throws {
        let small = Session(maxElements: 1_000), large = Session()
        try small.run("torch.set_grad_enabled(False)")
        #expect(try small.run("torch.is_grad_enabled()") == "False")
        #expect(try large.run("torch.is_grad_enabled()") == "True")
        // Blocks and decorated functions in one session leave the other's mode alone.
        try large.run("@torch.no_grad()\ndef probe():\n    return torch.is_grad_enabled()")
        #expect(try small.run("with torch.enable_grad():\n    g = torch.is_grad_enabled()\ng, torch.is_grad_enabled()") == "(True, False)")
        #expect(try large.run("probe(), torch.is_grad_enabled()") == "(False, True)")
        #expect(small.interpreter.gradMode.isGradEnabled == false && large.interpreter.gradMode.isGradEnabled)
        #expect(try small.run("torch.set_grad_enabled(True)\ntorch.is_grad_enabled()") == "True")

        #expect(small.failure("torch.zeros(1001)")?.kind == "LimitError")
        #expect(try large.run("torch.zeros(1001).numel()") == "1001")
        #expect(small.failure("[0] * 1001")?.kind == "LimitError")
        #expect(try small.run("len([0] * 1000)") == "1000")
        // The engine sees each session's own context while its cells run.
        #expect(small.interpreter.withSession { EngineContext.current === small.interpreter.engineContext })
        #expect(large.interpreter.withSession { EngineContext.current.maxElements } == EngineLimits.defaultMaxElements)
        #expect(EngineContext.current === EngineContext.detached)
    }

    @Test func twoSessionsOnTwoThreadsAtOnce() {
        let sessions = [Session(maxElements: 1_000), Session()]
        let problems = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let s = sessions[i]
            let code = i == 0 ? "with torch.no_grad():\n    g = torch.is_grad_enabled()\n    n = torch.zeros(500).numel()"
                              : "with torch.enable_grad():\n    g = torch.is_grad_enabled()\n    n = torch.zeros(5000).numel()"
            let expected = i == 0 ? "(False, 500, True)" : "(True, 5000, True)"
            for round in 0..<100 {
                do {
                    try s.run(code)
                    let seen = try s.run("g, n, torch.is_grad_enabled()")
                    if seen != expected { problems.withLock { $0.append("session \(i), round \(round): \(seen ?? "None")") } }
                    let tooBig = s.failure("torch.zeros(2000)")
                    if (tooBig?.kind == "LimitError") != (i == 0) {
                        problems.withLock { $0.append("session \(i), round \(round): torch.zeros(2000) gave \(tooBig?.kind ?? "a tensor")") }
                    }
                } catch {
                    problems.withLock { $0.append("session \(i), round \(round): \(error)") }
                }
            }
        }
        #expect(problems.withLock { $0 } == [])
    }
}
