/// The copies the language makes on request — `clone()`, `contiguous()`, `.to(dtype)` —
/// recorded as PyTorch records them. The engine's own ``Tensor/clone(preserveFormat:)``,
/// ``Tensor/contiguous()`` and ``Tensor/converted(to:)`` stay outside the graph, for
/// the operations that copy on their way to a result they record themselves.
extension Tensor {
    /// `clone()`, recorded (`CloneBackward0`).
    public func recordedClone(preserveFormat: Bool = true) -> Tensor {
        clone(preserveFormat: preserveFormat).recorded("CloneBackward0", inputs: [self]) { g, _ in [g[0]] }
    }

    /// `contiguous()`: this tensor when it is contiguous, else a recorded copy.
    public func recordedContiguous() -> Tensor {
        isContiguous ? self : recordedClone(preserveFormat: false)
    }

    /// `.to(dtype)`, `.float()`, `.double()`: this tensor when it has the dtype; a copy
    /// recorded (`ToCopyBackward0`) when both dtypes are floating point; else a copy
    /// outside the graph, as an integer tensor cannot require grad.
    public func recordedConverted(to target: DType) throws(EngineError) -> Tensor {
        guard target != dtype else { return self }
        guard target.isFloatingPoint, dtype.isFloatingPoint else { return converted(to: target) }
        return try recordedConversion(to: target)
    }
}
