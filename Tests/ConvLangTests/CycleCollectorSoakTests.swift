import Testing
@testable import ConvLang

/// A long session making cycles keeps a bounded number of tracked objects alive:
/// automatic collection frees them as they pile up.
@Suite struct CycleCollectorSoakTests {
    @Test func aHundredThousandCyclesKeepTheTrackedObjectsBounded() throws {
        let session = Session()
        try session.run("""
            class Node: pass
            def make():
                def f(): return f
                return f
            """)
        let registry = session.interpreter.cycleCollector.registry
        let before = registry.count
        var most = 0
        for _ in 0..<10 {
            try session.run("""
                for i in range(10000):
                    k = i % 3
                    if k == 0:
                        a = Node()
                        a.me = a
                    elif k == 1:
                        l = [i]
                        l.append(l)
                    else:
                        g = make()
                """)
            most = max(most, registry.count)
        }
        // Each cell leaves at most a threshold's worth (700 plus the survivors) uncollected.
        #expect(most - before < 3 * CycleCollector.minimumThreshold)
        #expect(try session.run("import gc\ngc.collect() > 0") == "True")
        #expect(registry.count - before <= 6)
        #expect(try session.run("a.me is a, l[1] is l, l[0], g() is g") == "(True, True, 9997, True)")
    }
}
