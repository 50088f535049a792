/// Sums of float32 and float64 tensors in PyTorch's order, so that `x.sum()`,
/// `x.sum(dim=0)`, `x.mean(dim=(2, 3))` and a loss's mean match PyTorch's to the last bit.
///
/// ATen (`aten/src/ATen/native/cpu/SumKernel.cpp`, `cascade_sum`, on its AVX2 path)
/// adds in the element type itself, not in double, visiting the elements in
/// TensorIterator's order (``ReductionIterator``) in blocks of two dimensions. Each
/// block goes to one of four kernels (``CascadeSumKernels``) by where the reduced and
/// the contiguous dimensions are; each adds rows in a cascade of four levels, contiguous
/// elements as vectors of 8 floats or 4 doubles. With more than one thread and from
/// ``grainSize`` elements on (`parallel_reduce`), a sum to one value is split in equal
/// parts over the threads (OpenMP's `parallel_for`) whose sums are then added the same way
/// (`two_pass_reduction`), and a sum to several values is split over the outermost kept
/// dimension, at multiples of 128 bytes where that dimension is contiguous
/// (`parallel_dim_reduction`); each output is still added by one thread.
enum CascadeSum {
    /// TensorIterator's `GRAIN_SIZE`: fewer elements are summed on one thread.
    static let grainSize = 32768

    /// Adds the sums of the elements of `layout` over `input` along the `reduced`
    /// dimensions to `output` (zeros, for a sum; the result of `sum(dim=...,
    /// keepdim=keepDim)`, contiguous), as PyTorch does with `threads` threads
    /// (`torch.get_num_threads()`).
    static func sum<T: CascadeElement>(_ input: UnsafePointer<T>, _ layout: TensorLayout, reduced: Set<Int>, keepDim: Bool,
                                       into output: UnsafeMutableBufferPointer<T>, threads: Int) {
        let kernels = CascadeSumKernels(input: input, output: output.baseAddress!)
        let iterator = ReductionIterator(layout, reduced: reduced, keepDim: keepDim)
        let count = iterator.count
        if count < grainSize || threads == 1 {
            iterator.forEachBlock(in: 0..<count) { loop(kernels, $0) }
        } else if output.count == 1 {
            // The first pass's iterator is made over one slot of a buffer shaped as
            // `dst.unsqueeze(0)` with every input dimension, whose dimensions of one
            // element step by 1, as `keepdim`'s do: its order can differ.
            twoPassSum(kernels, ReductionIterator(layout, reduced: reduced, keepDim: true), threads: threads)
        } else {
            splitSum(kernels, iterator, threads: threads)
        }
    }

    /// Whether ATen sums float16 or bfloat16 over `layout` through a float32 copy
    /// (`should_use_acc_buffer`): when the iterator's two innermost dimensions are both
    /// reduced, its blocks would add partial sums into the output in the element type.
    static func sumsThroughFloat(_ layout: TensorLayout, reduced: Set<Int>, keepDim: Bool) -> Bool {
        let iterator = ReductionIterator(layout, reduced: reduced, keepDim: keepDim)
        return iterator.shape.count >= 2 && iterator.outputStrides[0] == 0 && iterator.outputStrides[1] == 0
    }

    /// `two_pass_reduction`: each thread's part summed into a slot of its own, then the
    /// slots (one per thread, unused ones zero) summed into the output.
    private static func twoPassSum<T: CascadeElement>(_ kernels: CascadeSumKernels<T>, _ iterator: ReductionIterator, threads: Int) {
        var slots = [T](repeating: .zero, count: threads)
        slots.withUnsafeMutableBufferPointer { slots in
            let parts = CascadeSumKernels(input: kernels.input, output: slots.baseAddress!)
            for (slot, range) in parallelForParts(0..<iterator.count, grain: grainSize, threads: threads).enumerated() {
                iterator.forEachBlock(in: range) { block in
                    var block = block
                    block.output = slot
                    loop(parts, block)
                }
            }
        }
        slots.withUnsafeBufferPointer { slots in
            let final = CascadeSumKernels(input: slots.baseAddress!, output: kernels.output)
            loop(final, ReductionIterator.Block(input: 0, output: 0, inputStrides: (1, 0), outputStrides: (0, 0),
                                                size0: threads, size1: 1))
        }
    }

    /// `parallel_dim_reduction`: the outermost kept dimension with at least as many
    /// elements as threads (else the largest kept one) split over the threads, each part
    /// summed whole.
    private static func splitSum<T: CascadeElement>(_ kernels: CascadeSumKernels<T>, _ iterator: ReductionIterator, threads: Int) {
        var dim = iterator.shape.count - 1
        var best = dim
        while dim >= 0 && !iterator.isReduced(dim) {
            if iterator.shape[dim] >= threads {
                best = dim
                break
            }
            if iterator.shape[dim] > iterator.shape[best] { best = dim }
            dim -= 1
        }
        let columns = iterator.shape[best]
        // Parts of contiguous columns begin and end at multiples of 128 bytes (the last ends at the end).
        let multiple = iterator.inputStrides[best] == 1 ? 128 / MemoryLayout<T>.size : 1
        for part in parallelForParts(0..<columns, grain: 1, threads: threads) {
            let start = part.lowerBound - part.lowerBound % multiple
            let end = part.upperBound == columns ? columns : part.upperBound - part.upperBound % multiple
            guard start < end else { continue }
            let narrowed = iterator.narrowed(best, start: start, length: end - start)
            narrowed.forEachBlock(in: 0..<narrowed.count) { loop(kernels, $0) }
        }
    }

    /// The parts `at::parallel_for` gives its threads, in thread order: one part unless
    /// there are more elements than `grain` and more than one thread, else `min(threads,
    /// ceil(n / grain))` parts of `ceil(n / parts)` elements (the last shorter).
    static func parallelForParts(_ range: Range<Int>, grain: Int, threads: Int) -> [Range<Int>] {
        let n = range.count
        guard n > grain, n > 1, threads > 1 else { return [range] }
        let parts = min(threads, (n + grain - 1) / grain)
        let chunk = (n + parts - 1) / parts
        return stride(from: 0, to: n, by: chunk).map { start in
            (range.lowerBound + start)..<(range.lowerBound + min(n, start + chunk))
        }
    }

    /// `cascade_sum`'s loop: the block's reduced dimension first, then the kernel its
    /// strides call for.
    private static func loop<T: CascadeElement>(_ kernels: CascadeSumKernels<T>, _ block: ReductionIterator.Block) {
        var b = block
        if b.outputStrides.0 != 0 && b.outputStrides.1 == 0 {
            b.inputStrides = (b.inputStrides.1, b.inputStrides.0)
            b.outputStrides = (b.outputStrides.1, b.outputStrides.0)
            (b.size0, b.size1) = (b.size1, b.size0)
        }
        if b.outputStrides.0 != 0 && b.outputStrides.1 != 0 { return kernels.elementwise(b) }
        let vectorLength = T.vectorElements
        if b.inputStrides.0 == 1 && b.size0 >= vectorLength {
            kernels.innerSum(b)
        } else if b.inputStrides.1 == 1 && b.size1 >= vectorLength {
            kernels.outerSum(b)
        } else if b.inputStrides.0 < b.inputStrides.1 {
            kernels.scalarInnerSum(b)
        } else {
            kernels.scalarOuterSum(b)
        }
    }

    /// c10's `CeilLog2`: 1 up to 2, else the bits of `x - 1`.
    static func ceilLog2(_ x: Int) -> Int {
        x <= 2 ? 1 : Int.bitWidth - (x - 1).leadingZeroBitCount
    }
}
