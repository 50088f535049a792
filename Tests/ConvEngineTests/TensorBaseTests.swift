import Testing
@testable import ConvEngine

/// The link between a buffer and its base, the tensor whose history a write into one of
/// its views is recorded in (`CopySlices`). The two name each other unretained, so the
/// link must end with whichever goes first, move with a tensor's identity, and keep no
/// elements alive.
@Suite struct TensorBaseTests {
    private func filled(_ count: Int, _ value: Float) throws -> Tensor {
        try Tensor(shape: [count], elements: [Float](repeating: value, count: count))
    }

    private func slice(_ tensor: Tensor, offset: Int, count: Int) -> Tensor {
        tensor.viewing(TensorLayout(shape: [count], strides: [1], offset: offset))
    }

    @Test func aBufferForgetsItsBaseWhenTheBaseGoes() throws {
        var base: Tensor? = try filled(4, 1)
        let view = slice(base!, offset: 1, count: 2)
        #expect(view.viewBase === base!.autograd)
        base = nil
        #expect(view.buffer.baseAutograd == nil)
        #expect(view.viewBase == nil)
        // The view becomes the base its own views are written through.
        let inner = slice(view, offset: 2, count: 1)
        #expect(inner.viewBase === view.autograd)
        #expect(inner.buffer.baseLayout == view.layout)
    }

    /// `param.data = K`: the parameter's identity outlives its first elements, which are
    /// freed with their last tensor, and a write into a view of the new elements is
    /// recorded in `K`'s history, whose buffer it is, as before.
    @Test func anIdentityOutlivingItsBufferKeepsNoElementsAlive() throws {
        try EngineContext(maxMemory: nil).run {
            let budget = EngineContext.current.memoryBudget
            var weight: Tensor? = try filled(256, 1)
            let replacement = try filled(256, 2)
            #expect(budget.used == 2048)
            var parameter: Tensor? = replacement.replacingAutograd(with: weight!)
            weight = nil
            #expect(budget.used == 1024)
            #expect(slice(parameter!, offset: 0, count: 8).viewBase === replacement.autograd)
            parameter = nil
            #expect(budget.used == 1024)
        }
    }

    /// A module's `to(torch.float64)`: the identity moves to the converted elements, which
    /// it becomes the base of, and a view of the old elements made before still writes
    /// through it (PyTorch: still a view of the parameter, so an in-place write into it
    /// is refused while the parameter is a leaf that requires grad). The old elements go
    /// with their last tensor.
    @Test func aConvertedIdentityIsTheBaseOfItsOldAndNewElements() throws {
        try EngineContext(maxMemory: nil).run {
            let budget = EngineContext.current.memoryBudget
            var original: Tensor? = try filled(64, 3)
            var oldView: Tensor? = slice(original!, offset: 0, count: 8)
            let converted = original!.convertedKeepingIdentity(to: .float64)
            #expect(converted.buffer.baseAutograd === converted.autograd)
            #expect(oldView!.viewBase === converted.autograd)
            #expect(budget.used == 64 * 4 + 64 * 8)
            original = nil
            #expect(oldView!.viewBase === converted.autograd)
            oldView = nil
            #expect(budget.used == 64 * 8)
            #expect(slice(converted, offset: 8, count: 8).viewBase === converted.autograd)
        }
    }

    /// A tensor that is the base of two buffers goes before both: each forgets it.
    @Test func anIdentityBasingTwoBuffersIsForgottenByBoth() throws {
        var original: Tensor? = try filled(16, 1)
        let oldView = slice(original!, offset: 4, count: 4)
        var converted: Tensor? = original!.convertedKeepingIdentity(to: .float64)
        let newView = slice(converted!, offset: 4, count: 4)
        #expect(oldView.viewBase === newView.viewBase)
        original = nil
        converted = nil
        #expect(oldView.buffer.baseAutograd == nil)
        #expect(newView.buffer.baseAutograd == nil)
    }

    /// `clone()` of a transposed tensor places its copy in a view of new elements, which
    /// becomes their base in place of the row-major tensor it was copied into.
    @Test func aCloneIsTheBaseOfItsElements() throws {
        let matrix = try Tensor(shape: [2, 3], elements: [Float]([1, 2, 3, 4, 5, 6]))
        let transposed = matrix.viewing(TensorLayout(shape: [3, 2], strides: [1, 3], offset: 0))
        let copy = transposed.clone()
        #expect(copy.strides == [1, 3])
        #expect(copy.buffer.baseAutograd === copy.autograd)
        #expect(copy.buffer.baseLayout == copy.layout)
        let row = copy.viewing(TensorLayout(shape: [2], strides: [3], offset: 1))
        #expect(row.viewBase === copy.autograd)
    }
}
