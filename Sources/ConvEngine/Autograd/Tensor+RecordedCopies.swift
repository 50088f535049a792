/// The copies the language makes on request — `clone()`, `contiguous()`, `.to(dtype)` —
/// recorded as PyTorch records them. The engine's own ``Tensor/clone(preserveFormat:)``,
/// ``Tensor/contiguous()`` and ``Tensor/converted(to:)`` stay outside the graph, for
/// the operations that copy on their way to a result they record themselves.
extension Tensor {
    /// `clone()`, recorded (`CloneBackward0`).
    /// - Throws: PyTorch's allocation error when the copy does not fit the memory budget.
    public func recordedClone(preserveFormat: Bool = true) throws(EngineError) -> Tensor {
        try checkRoomForCopy(dtype: dtype)
        return clone(preserveFormat: preserveFormat).recorded("CloneBackward0", inputs: [self]) { g, _ in [g[0]] }
    }

    /// `contiguous()`: this tensor when it is contiguous, else a recorded copy.
    public func recordedContiguous() throws(EngineError) -> Tensor {
        isContiguous ? self : try recordedClone(preserveFormat: false)
    }

    /// `.to(dtype)`, `.float()`, `.double()`: this tensor when it has the dtype; a copy
    /// recorded (`ToCopyBackward0`) when both dtypes are floating point; else a copy
    /// outside the graph, as an integer tensor cannot require grad.
    public func recordedConverted(to target: DType) throws(EngineError) -> Tensor {
        guard target != dtype else { return self }
        try checkRoomForCopy(dtype: target)
        guard target.isFloatingPoint, dtype.isFloatingPoint else { return converted(to: target) }
        return try recordedConversion(to: target)
    }

    /// Asks the memory budget for a copy of this tensor in `dtype` (and, when it is not
    /// contiguous, the positions gathered on the way).
    private func checkRoomForCopy(dtype: DType) throws(EngineError) {
        try EngineLimits.checkAllocation(shape, dtype: dtype, workingBytesPerElement: isContiguous ? 0 : 8)
    }
}
