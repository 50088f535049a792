import Testing
@testable import ConvLang

/// The cycle collector frees what only cycles hold, and nothing anyone else holds.
/// Expected counts from CPython 3.11 (`python3` here): `l.append(l)` 1, `d['d'] = d` 1,
/// `a.me = a` 1, a pair of instances 2; a closure over itself 3 in CPython, 2 here (no
/// tuple of cells).
@Suite struct CycleCollectorTests {
    /// Runs `setup`, keeps a weak reference to each of `names`, runs `del` and
    /// `gc.collect()`, and gives what the collection returned.
    static func collect(_ setup: String, watching names: [String], in session: Session = Session()) throws -> (found: String?, freed: [Bool]) {
        try session.run("import gc\ngc.collect()\n" + setup)
        let weak = names.map { WeakValue(global: $0, in: session) }
        #expect(weak.allSatisfy { !$0.isFreed })
        let found = try session.run("del " + names.joined(separator: ", ") + "\ngc.collect()")
        #expect(!session.interpreter.cycleCollector.lastCollectionWasAborted)
        return (found, weak.map(\.isFreed))
    }

    @Test func aListHoldingItselfIsFreedAndCountedOnce() throws {
        let (found, freed) = try Self.collect("l = []\nl.append(l)", watching: ["l"])
        #expect(found == "1")
        #expect(freed == [true])
    }

    @Test func aDictHoldingItselfIsFreed() throws {
        let (found, freed) = try Self.collect("d = {}\nd['d'] = d", watching: ["d"])
        #expect(found == "1")
        #expect(freed == [true])
    }

    @Test func anInstanceHoldingItselfIsFreedAsOneObject() throws {
        let (found, freed) = try Self.collect("class Node: pass\na = Node()\na.me = a", watching: ["a"])
        #expect(found == "1")
        #expect(freed == [true])
    }

    @Test func twoInstancesHoldingEachOtherAreFreed() throws {
        let (found, freed) = try Self.collect("class Node: pass\na = Node()\nb = Node()\na.b = b\nb.a = a", watching: ["a", "b"])
        #expect(found == "2")
        #expect(freed == [true, true])
    }

    @Test func aClosureOverItselfIsFreed() throws {
        let (found, freed) = try Self.collect("def mk():\n    def g(): return g\n    return g\ng = mk()", watching: ["g"])
        #expect(found == "2")
        #expect(freed == [true])
    }

    @Test func aFunctionDefaultHoldingTheFunctionIsFreed() throws {
        let (_, freed) = try Self.collect("def f(x=[]):\n    x.append(f)\n    return x\ny = f()", watching: ["f", "y"])
        #expect(freed == [true, true])
    }

    @Test func aClassWhoseMethodIsBoundToItsInstanceIsFreed() throws {
        let (_, freed) = try Self.collect("""
            class C:
                def m(self): return self
            c = C()
            c.bound = c.m
            """, watching: ["C", "c"])
        #expect(freed == [true, true])
    }

    @Test func aSetAndAnExceptionInCyclesAreFreed() throws {
        let (_, freed) = try Self.collect("""
            class K: pass
            k = K()
            k.s = {k}
            e = ValueError([])
            e.args[0].append(e)
            """, watching: ["k", "e"])
        #expect(freed == [true, true])
    }

    /// The issue's "module holding a closure over itself": a user's `nn.Module` whose
    /// attribute is a lambda over `self`, and sub-modules holding their parent.
    @Test func modulesInCyclesAreFreed() throws {
        let (_, freed) = try Self.collect("""
            import torch.nn as nn
            class M(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.conv = nn.Conv2d(1, 1, 3)
                    self.f = lambda: self
            m = M()
            outer = nn.Sequential(nn.ReLU())
            outer[0].parent = outer
            """, watching: ["m", "outer"])
        #expect(freed == [true, true])
    }

    /// A module held from outside keeps its sub-modules, attributes and parameters.
    @Test func aModuleHeldFromOutsideKeepsEverything() throws {
        let session = Session()
        try session.run("""
            import gc, torch, torch.nn as nn
            class M(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.conv = nn.Conv2d(1, 1, 3)
                    self.f = lambda: self
                    self.log = [self]
            m = M()
            keep = (m,)
            del m
            gc.collect()
            """)
        #expect(try session.run("k = keep[0]\n(k.f() is k, k.log[0] is k, k.conv.weight.shape)") == "(True, True, torch.Size([1, 1, 3, 3]))")
    }

    @Test func aCycleHeldOnlyFromSwiftIsKept() throws {
        let session = Session()
        try session.run("import gc\nl = [1]\nl.append(l)")
        let held = session.interpreter.globals["l"]
        #expect(try session.run("del l\ngc.collect()") == "0")
        guard case .list(let list)? = held else { Issue.record("not a list"); return }
        #expect(list.items.count == 2)
        if case .list(let inner) = list.items[1] { #expect(inner === list) } else { Issue.record("item 1 is not the list") }
    }

    @Test func aCycleHeldByATupleInAGlobalIsKept() throws {
        let session = Session()
        try session.run("import gc\nl = [1]\nl.append(l)\nt = (l,)\ndel l")
        #expect(try session.run("gc.collect()") == "0")
        #expect(try session.run("len(t[0]), t[0][1] is t[0], t[0][0]") == "(2, True, 1)")
    }

    /// A host object (a widget) holds its observers from Swift: a cycle it holds is kept.
    @Test func aCycleHeldByAHostObjectIsKept() throws {
        let interpreter = Interpreter(output: RecordingSink(), extensionValues: TestCounter.names)
        func run(_ code: String) throws -> String? {
            let result = interpreter.run(code)
            if let error = result.error { throw error }
            return result.value?.reprText
        }
        _ = try run("""
            import gc
            out = []
            def make():
                box = []
                def handler(change):
                    box.append(change)
                    out.append(len(box))
                box.append(handler)
                return handler
            c = Counter()
            c.observe(make())
            """)
        #expect(try run("gc.collect()") == "0")
        _ = try run("c.bump()")
        #expect(try run("out") == "[2]")
    }

    /// `q = p[:]` and `p.copy()` share `p`'s buffer, which holds `x` once: reporting
    /// `x` for both lists would cancel the global's reference and empty the live `x`.
    @Test func listsSharingABufferDoNotHideAGlobalsReference() throws {
        for copy in ["p[:]", "p.copy()", "list(p)"] {
            let session = Session()
            try session.run("import gc\nx = [7]\np = [x]\nq = \(copy)\nx.append(p)\nx.append(q)\ndel p, q")
            #expect(try session.run("gc.collect()") == "0", "\(copy)")
            #expect(try session.run("len(x), x[0], x[1][0] is x, x[2][0] is x") == "(3, 7, True, True)", "\(copy)")
        }
    }

    @Test func dictsSharingABufferDoNotHideAGlobalsReference() throws {
        let session = Session()
        try session.run("import gc\nx = [7]\np = {'x': x}\nq = p.copy()\nx.append(p)\nx.append(q)\ndel p, q")
        #expect(try session.run("gc.collect()") == "0")
        #expect(try session.run("len(x), x[1]['x'] is x, x[2]['x'] is x") == "(3, True, True)")
    }

    /// Builtin types are made once, by whichever session uses them first, and shared:
    /// no session tracks them.
    @Test func builtinTypesAreNotTracked() throws {
        let session = Session()
        try session.run("x = [int, str, list, dict, float, bool, type, OrderedDict, nn.Module, property, super]")
        #expect(session.interpreter.cycleCollector.registry.count == 1)
    }

    @Test func theGCModuleSwitchesAutomaticCollection() throws {
        let session = Session()
        #expect(try session.run("import gc\ngc.isenabled()") == "True")
        #expect(try session.run("gc.disable()\ngc.isenabled()") == "False")
        #expect(try session.run("gc.enable()\ngc.isenabled()") == "True")
        #expect(try session.run("gc.collect()\nl = []\nm = {}\ngc.get_count()") == "(2, 0, 0)")
    }

    @Test func automaticCollectionRunsOnlyWhenEnabled() throws {
        let session = Session()
        let cycles = "for i in range(3000):\n    l = []\n    l.append(l)"
        try session.run("import gc\ngc.disable()\n" + cycles)
        #expect(session.interpreter.cycleCollector.registry.count >= 3000)
        try session.run("gc.enable()\n" + cycles)
        #expect(session.interpreter.cycleCollector.registry.count < 2 * CycleCollector.minimumThreshold + 100)
    }
}
