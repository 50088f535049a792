import Foundation
import Synchronization

/// One recorded operation of the autograd graph (PyTorch's `Node`, what `grad_fn`
/// shows): its name as PyTorch prints it (`AddBackward0`), an edge to where each
/// input's gradient goes, the tensors it saved, and its formula.
///
/// A node's formula maps the gradients of its outputs to the gradients of its inputs.
/// It captures no tensors itself: what it needs is saved through ``SavedTensor`` so
/// that a backward pass can free it (`retain_graph=False`) and check that nothing
/// wrote into it since (the version counter).
public final class GradientNode: @unchecked Sendable {
    /// Maps the gradients of the outputs and the unpacked saved tensors to one gradient
    /// per input (`nil` where an input gets none).
    public typealias Formula = (_ gradOutputs: [Tensor], _ saved: [Tensor]) throws(EngineError) -> [Tensor?]

    /// The name PyTorch prints: `AddBackward0`, `ConvolutionBackward0`, `AccumulateGrad`.
    public let name: String
    /// Where each input's gradient goes (`next_functions`); `nil` for an input that
    /// needs none.
    public let nextEdges: [GradientEdge?]
    /// The shape and dtype of each input, which its gradient is reduced and cast to.
    let inputShapes: [TensorShape]
    let inputDTypes: [DType]
    /// The shape and dtype of each output, for the zeros an unused output gets.
    let outputShapes: [TensorShape]
    let outputDTypes: [DType]
    /// Order of creation: a backward pass runs later nodes first.
    let sequenceNumber: Int
    private let formula: Formula?
    private var saved: [SavedTensor]
    /// Whether the node saved tensors: only then does a second pass after they were
    /// freed fail, as in PyTorch (`(x + 1).sum()` may be run backward twice).
    private let savesTensors: Bool
    private var wasReleased = false
    /// The leaf an `AccumulateGrad` node accumulates into.
    let leaf: AutogradMeta?
    let leafTensor: Tensor?
    /// Whether an output that received no gradient is handed to the formula as zeros of
    /// its shape (PyTorch's `materialize_grads`); otherwise as an empty tensor of shape
    /// `[0]`, which a formula that skips undefined gradients (as PyTorch's
    /// `_convolution_double_backward` does) tells apart by its shape.
    let materializesGradients: Bool
    /// Outputs whose tensors keep their gradient (`retain_grad()`), by output number.
    var retainedOutputs: [Int: WeakMeta] = [:]

    private static let counter = Atomic<Int>(0)

    convenience init(name: String, nextEdges: [GradientEdge?], inputs: [Tensor?], outputs: [Tensor],
                     saved: [SavedTensor], materializesGradients: Bool = true, formula: @escaping Formula) {
        self.init(name: name, nextEdges: nextEdges, inputShapes: inputs.map { $0?.shape ?? [] },
                  inputDTypes: inputs.map { $0?.dtype ?? .float32 }, outputShapes: outputs.map(\.shape),
                  outputDTypes: outputs.map(\.dtype), saved: saved, materializesGradients: materializesGradients,
                  formula: formula)
    }

    /// A node described by the shapes and dtypes of its inputs and outputs (`CopySlices`,
    /// whose inputs are those of the node it wraps).
    init(name: String, nextEdges: [GradientEdge?], inputShapes: [TensorShape], inputDTypes: [DType],
         outputShapes: [TensorShape], outputDTypes: [DType], saved: [SavedTensor], materializesGradients: Bool = true,
         formula: @escaping Formula) {
        self.name = name
        self.materializesGradients = materializesGradients
        self.nextEdges = nextEdges
        self.inputShapes = inputShapes
        self.inputDTypes = inputDTypes
        self.outputShapes = outputShapes
        self.outputDTypes = outputDTypes
        self.saved = saved
        self.savesTensors = !saved.isEmpty
        self.formula = formula
        self.leaf = nil
        self.leafTensor = nil
        self.sequenceNumber = Self.counter.add(1, ordering: .relaxed).newValue
    }

    /// The `AccumulateGrad` node of a leaf.
    init(accumulatingInto tensor: Tensor) {
        let (leaf, shape, dtype) = (tensor.autograd, tensor.shape, tensor.dtype)
        name = "AccumulateGrad"
        materializesGradients = true
        nextEdges = []
        inputShapes = []
        inputDTypes = []
        outputShapes = [shape]
        outputDTypes = [dtype]
        saved = []
        savesTensors = false
        formula = nil
        self.leaf = leaf
        leafTensor = tensor
        sequenceNumber = Int.max
    }

    /// The number of outputs.
    var outputCount: Int { outputShapes.count }

    /// The operation's name without the `Backward<n>` suffix (`Mul` for `MulBackward0`).
    var operationName: String {
        guard let range = name.range(of: "Backward", options: .backwards),
              name[range.upperBound...].allSatisfy(\.isNumber) else { return name }
        return String(name[..<range.lowerBound])
    }

    /// Runs the formula on the gradients of the outputs.
    /// - Parameter keepingSaved: `retain_graph`: when `false` the saved tensors are
    ///   freed afterwards, and a second pass through this node fails.
    func apply(_ gradOutputs: [Tensor], keepingSaved: Bool) throws(EngineError) -> [Tensor?] {
        guard let formula else { return [] }
        if wasReleased && savesTensors { throw .argument(Self.releasedMessage) }
        var unpacked: [Tensor] = []
        unpacked.reserveCapacity(saved.count)
        for s in saved { unpacked.append(try s.unpack(for: self)) }
        let grads = try formula(gradOutputs, unpacked)
        if !keepingSaved {
            saved = []
            wasReleased = true
        }
        return grads
    }

    static let releasedMessage = "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward."
}

/// Where a gradient goes: input `inputNumber` of `node` (PyTorch's `Edge`).
public struct GradientEdge: Sendable {
    public let node: GradientNode
    public let inputNumber: Int
}

/// A weak reference to a tensor's autograd state (for `retain_grad()`).
struct WeakMeta {
    weak var meta: AutogradMeta?
}

/// A tensor an operation keeps for its backward formula (PyTorch's `SavedVariable`),
/// with the version of its elements at that moment: a write into them afterwards makes
/// the backward pass fail with PyTorch's message instead of using changed values.
struct SavedTensor {
    private let data: Tensor
    private let savedVersion: Int
    /// Whether it is an output of the node that saved it: then it is kept without its
    /// autograd state (which refers to the node) and given the node back when unpacked.
    private let isOutput: Bool
    private let outputNumber: Int

    init(_ tensor: Tensor, isOutputNumber output: Int? = nil) {
        savedVersion = tensor.version.value
        if let output {
            data = tensor.viewing(tensor.layout)
            isOutput = true
            outputNumber = output
        } else {
            data = tensor
            isOutput = false
            outputNumber = tensor.autograd.outputNumber
        }
    }

    func unpack(for node: GradientNode) throws(EngineError) -> Tensor {
        let current = data.version.value
        if current != savedVersion {
            // The node that made it: this one for an output, else whatever made the
            // tensor now (the in-place operation that changed it), named without
            // "Backward0" as PyTorch 2.x words it.
            let producer = isOutput ? node : data.autograd.gradFn
            let which = producer.map { ", which is output \(isOutput ? outputNumber : data.autograd.outputNumber) of \($0.operationName)," } ?? ""
            throw .argument("one of the variables needed for gradient computation has been modified by an inplace operation: [\(data.dtype.legacyTensorTypeName) \(data.shape)]\(which) is at version \(current); expected version \(savedVersion) instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
        }
        guard isOutput else { return data }
        let output = data.viewing(data.layout)
        output.autograd.gradFn = node
        output.autograd.outputNumber = outputNumber
        return output
    }
}
