/// Runs a recorded graph backwards (PyTorch's autograd engine): gradients flow from
/// the roots through each node's formula, later nodes first, and either accumulate
/// into the leaves' `.grad` (``backward``) or are captured for chosen inputs (``grad``).
public enum Autograd {
    /// `torch.autograd.backward(tensors, grad_tensors, retain_graph, create_graph)` and
    /// `tensor.backward(...)`: accumulates the gradients of the roots into the `.grad`
    /// of every leaf they depend on.
    /// - Parameters:
    ///   - gradients: one per root; `nil` means ones for a one-element root.
    ///   - retainGraph: keep the saved tensors for another pass (default: `createGraph`).
    ///   - createGraph: record the backward pass itself, for higher derivatives.
    ///   - inputs: `backward(inputs=...)`: only these tensors' `.grad` accumulate (leaves
    ///     or not); `nil` for every leaf.
    public static func backward(_ roots: [Tensor], gradients: [Tensor?], retainGraph: Bool? = nil,
                                createGraph: Bool = false, inputs: [Tensor]? = nil,
                                cancellation: CancellationFlag? = nil) throws(EngineError) {
        if let inputs {
            guard !inputs.isEmpty else { throw .argument("'inputs' argument to backward() cannot be empty.") }
            let grads = try grad(outputs: roots, inputs: inputs, gradOutputs: gradients, retainGraph: retainGraph,
                                 createGraph: createGraph, allowUnused: true, cancellation: cancellation)
            for (input, g) in zip(inputs, grads) {
                guard let g else { continue }
                try BackwardPass.accumulate(g, into: input.autograd, createGraph: createGraph)
            }
            return
        }
        let edges = try rootEdges(roots)
        let seeds = try seedGradients(roots, gradients)
        var pass = BackwardPass(keepGraph: retainGraph ?? createGraph, createGraph: createGraph,
                                accumulates: true, cancellation: cancellation)
        _ = try pass.run(edges: edges, seeds: seeds, capturing: [])
    }

    /// `torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph,
    /// allow_unused)`: the gradients of the outputs with respect to each input, leaving
    /// every `.grad` alone.
    public static func grad(outputs: [Tensor], inputs: [Tensor], gradOutputs: [Tensor?], retainGraph: Bool? = nil,
                            createGraph: Bool = false, allowUnused: Bool = false,
                            cancellation: CancellationFlag? = nil) throws(EngineError) -> [Tensor?] {
        let edges = try rootEdges(outputs)
        let seeds = try seedGradients(outputs, gradOutputs)
        var captures: [GradientEdge] = []
        for input in inputs {
            guard input.requiresGrad, let edge = input.gradientEdge else {
                throw .argument("One of the differentiated Tensors does not require grad")
            }
            captures.append(edge)
        }
        var pass = BackwardPass(keepGraph: retainGraph ?? createGraph, createGraph: createGraph,
                                accumulates: false, cancellation: cancellation)
        let results = try pass.run(edges: edges, seeds: seeds, capturing: captures)
        if !allowUnused, let unused = results.firstIndex(where: { $0 == nil }) {
            throw .argument("The differentiated Tensor at index \(unused) appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.")
        }
        return results
    }

    private static func rootEdges(_ roots: [Tensor]) throws(EngineError) -> [GradientEdge] {
        var edges: [GradientEdge] = []
        for (i, root) in roots.enumerated() {
            guard let edge = root.gradientEdge else {
                throw .argument("element \(i) of tensors does not require grad and does not have a grad_fn")
            }
            edges.append(edge)
        }
        return edges
    }

    /// PyTorch's `_make_grads`: ones for a one-element root without a gradient, the
    /// given gradient when its shape matches.
    private static func seedGradients(_ roots: [Tensor], _ given: [Tensor?]) throws(EngineError) -> [Tensor] {
        guard given.count == roots.count else {
            throw .argument("grad_tensors should have the same length as tensors (\(given.count) vs \(roots.count))", "ValueError")
        }
        var seeds: [Tensor] = []
        for (i, root) in roots.enumerated() {
            if let gradient = given[i] {
                guard gradient.shape == root.shape else {
                    throw .argument("Mismatch in shape: grad_output[\(i)] has a shape of torch.Size(\(gradient.shape)) and output[\(i)] has a shape of torch.Size(\(root.shape)).")
                }
                // An integer gradient is taken in the output's dtype, as PyTorch's engine casts it.
                seeds.append(gradient.dtype == root.dtype ? gradient : gradient.converted(to: root.dtype))
            } else {
                guard root.count == 1 else { throw .argument("grad can be implicitly created only for scalar outputs") }
                guard root.dtype.isFloatingPoint else {
                    throw .argument("grad can be implicitly created only for real scalar outputs but got \(root.dtype.torchName)")
                }
                seeds.append(Tensor(shape: root.shape, storage: .filled(with: 1.0, count: 1, dtype: root.dtype)))
            }
        }
        return seeds
    }
}

/// One backward pass over a graph: the dependencies of its nodes, the gradients
/// gathered for each node's outputs, and the nodes ready to run, latest first.
struct BackwardPass {
    let keepGraph: Bool
    let createGraph: Bool
    /// Whether leaves accumulate into `.grad` (`backward`) or nothing does (`grad`).
    let accumulates: Bool
    let cancellation: CancellationFlag?

    private var dependencies: [ObjectIdentifier: Int] = [:]
    private var gathered: [ObjectIdentifier: [Tensor?]] = [:]
    private var ready = NodeQueue()
    /// For `grad`: which nodes lead to a captured edge, and so must run.
    private var needed: Set<ObjectIdentifier> = []

    init(keepGraph: Bool, createGraph: Bool, accumulates: Bool, cancellation: CancellationFlag?) {
        self.keepGraph = keepGraph
        self.createGraph = createGraph
        self.accumulates = accumulates
        self.cancellation = cancellation
    }

    /// Runs the pass from the root edges with their seed gradients; returns the
    /// gradient that reached each captured edge (`nil` where none did).
    mutating func run(edges: [GradientEdge], seeds: [Tensor], capturing captures: [GradientEdge]) throws(EngineError) -> [Tensor?] {
        countDependencies(from: edges.map(\.node))
        if !accumulates { markNeeded(from: edges.map(\.node), capturing: captures) }
        for (edge, seed) in zip(edges, seeds) { try gather(seed, into: edge) }
        var captured = [Tensor?](repeating: nil, count: captures.count)
        let mode = EngineContext.current.gradMode
        let before = mode.state
        mode.state = GradMode.State(isGradEnabled: createGraph, isInferenceMode: false)
        defer { mode.state = before }
        // Roots whose nodes nothing else feeds are ready at once.
        for node in uniqueNodes(edges.map(\.node)) where dependencies[ObjectIdentifier(node), default: 0] == 0 {
            ready.push(node)
        }
        while let node = ready.pop() {
            if cancellation?.isCancelled == true { throw .cancelled }
            let id = ObjectIdentifier(node)
            let grads = gathered.removeValue(forKey: id) ?? Array(repeating: nil, count: node.outputCount)
            for (i, edge) in captures.enumerated() where edge.node === node {
                captured[i] = grads.indices.contains(edge.inputNumber) ? grads[edge.inputNumber] : nil
            }
            try retainGradients(of: node, grads)
            if let leaf = node.leaf {
                if accumulates, let g = grads.first ?? nil { try accumulate(g, into: leaf) }
                continue
            }
            if !accumulates && !needed.contains(id) { continue }
            let inputGrads = try evaluate(node, grads)
            for (i, next) in node.nextEdges.enumerated() {
                guard let next else { continue }
                if let g = i < inputGrads.count ? inputGrads[i] : nil {
                    try gather(try fitted(g, to: node, input: i), into: next)
                }
                let nextID = ObjectIdentifier(next.node)
                dependencies[nextID, default: 1] -= 1
                if dependencies[nextID] == 0, accumulates || needed.contains(nextID) || captures.contains(where: { $0.node === next.node }) {
                    ready.push(next.node)
                }
            }
        }
        return captured
    }

    /// The node's formula on its outputs' gradients; outputs that got none count as
    /// zeros, and a node none of whose outputs got a gradient passes none on.
    private func evaluate(_ node: GradientNode, _ grads: [Tensor?]) throws(EngineError) -> [Tensor?] {
        guard grads.contains(where: { $0 != nil }) else { return [] }
        let filled = grads.indices.map { i in
            let shape: TensorShape = node.materializesGradients ? node.outputShapes[i] : [0]
            return grads[i] ?? Tensor(shape: shape, storage: .filled(with: 0.0, count: shape.elementCount, dtype: node.outputDTypes[i]))
        }
        return try node.apply(filled, keepingSaved: keepGraph)
    }

    /// A formula's gradient for input `i`, summed down to the input's shape when it came
    /// out broadcast and converted to its dtype (PyTorch's `validate_outputs`).
    private func fitted(_ grad: Tensor, to node: GradientNode, input i: Int) throws(EngineError) -> Tensor {
        var g = grad
        let shape = node.inputShapes[i]
        if g.shape != shape {
            guard let reduced = try? g.summed(toShape: shape) else {
                throw .argument("Function \(node.name) returned an invalid gradient at index \(i) - got \(g.shape) but expected shape compatible with \(shape)")
            }
            g = reduced
        }
        if g.dtype != node.inputDTypes[i] { g = try g.recordedConversion(to: node.inputDTypes[i]) }
        return g
    }

    /// Adds `grad` to what input `edge.inputNumber` of `edge.node` has gathered.
    private mutating func gather(_ grad: Tensor, into edge: GradientEdge) throws(EngineError) {
        let id = ObjectIdentifier(edge.node)
        var slots = gathered[id] ?? Array(repeating: nil, count: max(edge.node.outputCount, edge.inputNumber + 1))
        if let existing = slots[edge.inputNumber] {
            slots[edge.inputNumber] = try existing.applying(.add, grad)
        } else {
            slots[edge.inputNumber] = grad
        }
        gathered[id] = slots
    }

    /// `.grad` of a leaf (PyTorch's `AccumulateGrad`): a copy of the first gradient,
    /// then sums — in place, so that a reference to `.grad` sees them, unless the pass
    /// records its own graph.
    private func accumulate(_ grad: Tensor, into leaf: AutogradMeta) throws(EngineError) {
        try Self.accumulate(grad, into: leaf, createGraph: createGraph)
    }

    static func accumulate(_ grad: Tensor, into leaf: AutogradMeta, createGraph: Bool) throws(EngineError) {
        if let existing = leaf.grad {
            if createGraph {
                leaf.grad = try existing.applying(.add, grad)
            } else {
                try existing.applyInPlace(.add, .tensor(grad))
            }
        } else {
            leaf.grad = createGraph ? grad : grad.clone(preserveFormat: false).detached()
        }
    }

    /// `retain_grad()`: the gradients of non-leaf outputs, kept on their tensors.
    private func retainGradients(of node: GradientNode, _ grads: [Tensor?]) throws(EngineError) {
        for (number, reference) in node.retainedOutputs {
            guard let meta = reference.meta, number < grads.count, let g = grads[number] else { continue }
            if let existing = meta.grad {
                meta.grad = try existing.applying(.add, g)
            } else {
                meta.grad = g.clone(preserveFormat: false).detached()
            }
        }
    }

    /// How many edges inside the graph reach each node.
    private mutating func countDependencies(from roots: [GradientNode]) {
        var seen: Set<ObjectIdentifier> = []
        var stack = roots
        for root in roots { seen.insert(ObjectIdentifier(root)) }
        while let node = stack.popLast() {
            for case let next? in node.nextEdges {
                let id = ObjectIdentifier(next.node)
                dependencies[id, default: 0] += 1
                if seen.insert(id).inserted { stack.append(next.node) }
            }
        }
    }

    /// For `grad`: marks the nodes from which a captured edge can be reached.
    private mutating func markNeeded(from roots: [GradientNode], capturing captures: [GradientEdge]) {
        let targets = Set(captures.map { ObjectIdentifier($0.node) })
        var memo: [ObjectIdentifier: Bool] = [:]
        // Iterative post-order: a node is needed when a child is a target or needed.
        var stack: [(GradientNode, Bool)] = roots.map { ($0, false) }
        while let (node, childrenDone) = stack.popLast() {
            let id = ObjectIdentifier(node)
            if childrenDone {
                let leads = node.nextEdges.contains { edge in
                    guard let edge else { return false }
                    let child = ObjectIdentifier(edge.node)
                    return targets.contains(child) || memo[child] == true
                }
                memo[id] = leads
                if leads { needed.insert(id) }
                continue
            }
            if memo[id] != nil { continue }
            memo[id] = false
            stack.append((node, true))
            for case let next? in node.nextEdges where memo[ObjectIdentifier(next.node)] == nil {
                stack.append((next.node, false))
            }
        }
    }

    private func uniqueNodes(_ nodes: [GradientNode]) -> [GradientNode] {
        var seen: Set<ObjectIdentifier> = []
        return nodes.filter { seen.insert(ObjectIdentifier($0)).inserted }
    }
}

/// The nodes ready to run, the most recently created first (a max-heap on the
/// sequence number; `AccumulateGrad` nodes come first of all, as in PyTorch).
struct NodeQueue {
    private var heap: [GradientNode] = []

    mutating func push(_ node: GradientNode) {
        heap.append(node)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].sequenceNumber > heap[parent].sequenceNumber else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> GradientNode? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let (left, right) = (2 * parent + 1, 2 * parent + 2)
            var largest = parent
            if left < heap.count, heap[left].sequenceNumber > heap[largest].sequenceNumber { largest = left }
            if right < heap.count, heap[right].sequenceNumber > heap[largest].sequenceNumber { largest = right }
            if largest == parent { break }
            heap.swapAt(parent, largest)
            parent = largest
        }
        return top
    }
}

extension Autograd {
    /// Whether the graph behind `outputs` reaches every one of `inputs` that requires
    /// grad (a result that is itself an input counts), looking at no more than `limit`
    /// nodes: an operation's own nodes lie just behind its results, so the inputs it
    /// used are found within a few steps. The language uses it to refuse a composite
    /// operation that recorded only part of its work, which would give wrong gradients.
    public static func reachesInputs(from outputs: [Tensor], to inputs: [Tensor], limit: Int = 256) -> Bool {
        var pending: [ObjectIdentifier] = []
        for input in inputs where input.requiresGrad {
            if outputs.contains(where: { $0.autograd === input.autograd }) { continue }
            guard let node = input.autograd.gradFn ?? input.autograd.accumulator else { return false }
            pending.append(ObjectIdentifier(node))
        }
        var targets = Set(pending)
        var queue = outputs.compactMap(\.gradFn)
        var seen = Set(queue.map(ObjectIdentifier.init))
        targets.subtract(seen)
        var index = 0
        while !targets.isEmpty, index < queue.count, index < limit {
            let node = queue[index]
            index += 1
            for case let edge? in node.nextEdges where seen.insert(ObjectIdentifier(edge.node)).inserted {
                targets.remove(ObjectIdentifier(edge.node))
                queue.append(edge.node)
            }
        }
        return targets.isEmpty
    }
}
