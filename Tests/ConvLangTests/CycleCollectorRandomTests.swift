import Testing
@testable import ConvLang

/// Random graphs of lists, dicts and instances (some lists copied, so that two lists
/// share a buffer), held by random roots (globals, tuples in globals, values held from
/// Swift); some roots are dropped and `gc.collect()` runs. Every object still reachable
/// from a root must keep exactly its edges (checked against the model), and every
/// other object must be freed.
@Suite struct CycleCollectorRandomTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    enum Kind: CaseIterable { case list, dict, instance }

    /// One random graph: the program that builds it and the model of its edges.
    struct Graph {
        var kinds: [Kind] = []
        var edges: [[Int]] = []
        var code = "class Node: pass\n"
        var rng: SplitMix

        init(seed: UInt64) {
            rng = SplitMix(state: seed)
            let count = Int.random(in: 2...12, using: &rng)
            var links = Int.random(in: 0...(2 * count), using: &rng)
            // Objects and links in random order: a list copied after links were made
            // shares a buffer that holds references.
            while kinds.count < count || links > 0 {
                if kinds.count < 2 || (kinds.count < count && (links == 0 || Bool.random(using: &rng))) {
                    make(kinds.count)
                } else {
                    link(Int.random(in: 0..<kinds.count, using: &rng), Int.random(in: 0..<kinds.count, using: &rng))
                    links -= 1
                }
            }
        }

        /// Object `i`, tagged with its number; sometimes a copy of an earlier list (same
        /// buffer, same edges until either changes).
        mutating func make(_ i: Int) {
            let lists = kinds.indices.filter { kinds[$0] == .list }
            if let source = lists.randomElement(using: &rng), Bool.random(using: &rng) {
                // A copy shares its source's buffer (and tag) until either changes.
                code += "o\(i) = \(["o\(source)[:]", "o\(source).copy()", "list(o\(source))"].randomElement(using: &rng)!)\n"
                kinds.append(.list)
                edges.append(edges[source])
                tags.append(tags[source])
                // Often an element of the shared buffer points back at the copy: the
                // shape where reporting the buffer's references twice would hide an
                // outside reference to that element.
                if let child = edges[source].randomElement(using: &rng), Bool.random(using: &rng) { link(child, i) }
                return
            }
            let kind = Kind.allCases.randomElement(using: &rng)!
            kinds.append(kind)
            edges.append([])
            tags.append(i)
            switch kind {
            case .list: code += "o\(i) = [\(i)]\n"
            case .dict: code += "o\(i) = {'tag': \(i)}\n"
            case .instance: code += "o\(i) = Node()\no\(i).tag = \(i)\n"
            }
        }

        /// The tag each object carries (a list copy carries its source's).
        var tags: [Int] = []

        mutating func link(_ from: Int, _ to: Int) {
            let n = edges[from].count
            switch kinds[from] {
            case .list: code += "o\(from).append(o\(to))\n"
            case .dict: code += "o\(from)['e\(n)'] = o\(to)\n"
            case .instance: code += "o\(from).e\(n) = o\(to)\n"
            }
            edges[from].append(to)
        }
    }

    /// The tag and children of an object as the session holds it now.
    static func read(_ value: Value) -> (tag: Int?, children: [Value]) {
        func int(_ v: Value?) -> Int? { if case .int(let i)? = v { Int(i) } else { nil } }
        func isTag(_ key: Value) -> Bool { if case .string("tag") = key { true } else { false } }
        switch value {
        case .list(let l): return (int(l.items.first), Array(l.items.dropFirst()))
        case .dict(let d): return (int(d.value(named: "tag")), d.entries.filter { !isTag($0.key) }.map(\.value))
        case .instance(let o):
            return (int(o.attributes.value(named: "tag")), o.attributes.entries.filter { !isTag($0.key) }.map(\.value))
        default: return (nil, [])
        }
    }

    static func identity(_ value: Value) -> ObjectIdentifier? {
        switch value {
        case .list(let o): ObjectIdentifier(o)
        case .dict(let o): ObjectIdentifier(o)
        case .instance(let o): ObjectIdentifier(o)
        default: nil
        }
    }

    @Test(arguments: 0..<500)
    func collectionKeepsEveryReachableObjectIntact(seed: Int) throws {
        var graph = Graph(seed: UInt64(seed) &* 7919 &+ 1)
        let n = graph.kinds.count
        let session = Session()
        try session.run("import gc\n" + graph.code)
        // Globals the model knows: each object by its name.
        var objects: [Value] = (0..<n).map { session.interpreter.globals["o\($0)"]! }
        let weak = objects.map { WeakValue($0) }
        // Roots: some objects stay as globals, some go into tuples, some are held here.
        var rooted = Set<Int>()
        var swiftHeld: [Value] = []
        var tupleCode = ""
        for i in 0..<n {
            switch Int.random(in: 0..<6, using: &graph.rng) {
            case 0: rooted.insert(i); tupleCode += "r\(i) = (0, o\(i))\n"
            case 1: rooted.insert(i); swiftHeld.append(objects[i])
            case 2: rooted.insert(i); tupleCode += "g\(i) = o\(i)\n"
            default: break
            }
        }
        objects = []
        try session.run(tupleCode + "del " + (0..<n).map { "o\($0)" }.joined(separator: ", "))
        _ = try session.run("gc.collect()")
        #expect(!session.interpreter.cycleCollector.lastCollectionWasAborted, "seed \(seed)")

        // What the model says is reachable.
        var reachable = rooted
        var pending = Array(rooted)
        while let i = pending.popLast() { for j in graph.edges[i] where reachable.insert(j).inserted { pending.append(j) } }

        // Walk the session's objects from the roots, checking each against the model.
        var seen: [ObjectIdentifier: Int] = [:]
        func check(_ value: Value, isModelObject i: Int) {
            guard let id = Self.identity(value) else { Issue.record("seed \(seed): object \(i) is not a container"); return }
            if let j = seen[id] { #expect(j == i, "seed \(seed): one object reached as \(j) and \(i)"); return }
            seen[id] = i
            let (tag, children) = Self.read(value)
            #expect(tag == graph.tags[i], "seed \(seed): object \(i) lost its tag")
            #expect(children.count == graph.edges[i].count, "seed \(seed): object \(i) has \(children.count) edges, not \(graph.edges[i].count)")
            for (child, j) in zip(children, graph.edges[i]) { check(child, isModelObject: j) }
        }
        var roots: [(Value, Int)] = []
        var heldIndex = 0
        for i in rooted.sorted() {
            if let g = session.interpreter.globals["g\(i)"] { roots.append((g, i)) }
            else if case .tuple(let items)? = session.interpreter.globals["r\(i)"] { roots.append((items[1], i)) }
            else { roots.append((swiftHeld[heldIndex], i)); heldIndex += 1 }
        }
        for (value, i) in roots { check(value, isModelObject: i) }
        roots = []
        for i in 0..<n {
            #expect(weak[i].isFreed == !reachable.contains(i), "seed \(seed): object \(i) \(reachable.contains(i) ? "freed while reachable" : "not freed")")
        }
        _ = swiftHeld
    }
}
