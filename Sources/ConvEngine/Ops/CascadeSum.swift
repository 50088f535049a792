/// The sum of every element of a float32 or float64 tensor in PyTorch's order, so that
/// `x.sum().item()`, `x.mean()` and a loss's mean match PyTorch's to the last bit.
///
/// ATen (`aten/src/ATen/native/cpu/SumKernel.cpp`, `cascade_sum`, on its AVX2 path)
/// accumulates in the element type itself, not in double: the elements as vectors of
/// 8 floats or 4 doubles, four vectors a row (`row_sum`'s instruction-level
/// parallelism), rows added in a cascade of four levels (`multi_row_sum`: each level
/// takes the sum of `2^p` of the level below, `p = max(4, ceil(log2(rows)) / 4)`), then the
/// four vectors, the elements past the last whole vector, and the lanes one by one. Below
/// ``grainSize`` elements one thread does it all; from there the elements are split in
/// equal parts over `min(threads, ceil(n / grainSize))` threads (OpenMP's
/// `parallel_for`), and the threads' sums are added the same way (TensorIterator's
/// `two_pass_reduction`, one slot per thread of `get_num_threads()`).
///
/// For elements stored in row-major order (a contiguous tensor); a strided view is
/// summed over its elements read in row-major order, which ATen may visit in another.
/// ``rowSums(_:rows:rowLength:)`` sums a contiguous tensor's trailing dimensions the same way,
/// row by row.
enum CascadeSum {
    /// TensorIterator's `GRAIN_SIZE`: fewer elements are summed on one thread.
    static let grainSize = 32768

    /// The sum of `values` as PyTorch computes it with `threads` threads
    /// (`torch.get_num_threads()`).
    static func sum<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>, threads: Int) -> T {
        let n = values.count
        guard n >= grainSize, threads > 1 else { return 0 + contiguousSum(values) }
        // Each thread's slot starts at zero and gets its part's sum added; slots of threads
        // left without work stay zero.
        let parts = min(threads, (n + grainSize - 1) / grainSize)
        let chunk = (n + parts - 1) / parts
        var slots = [T](repeating: 0, count: threads)
        for part in 0..<parts where part * chunk < n {
            let range = (part * chunk)..<min(n, (part + 1) * chunk)
            slots[part] = 0 + contiguousSum(UnsafeBufferPointer(rebasing: values[range]))
        }
        return slots.withUnsafeBufferPointer { 0 + contiguousSum($0) }
    }

    /// The sums of `rows` consecutive rows of `rowLength` elements each (a reduction of a
    /// contiguous tensor's trailing dimensions, which ATen coalesces into one): each row
    /// summed whole, as ATen's loop does for every output, whatever the threads.
    static func rowSums<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>, rows: Int, rowLength: Int) -> [T] {
        (0..<rows).map { row in
            0 + contiguousSum(UnsafeBufferPointer(rebasing: values[(row * rowLength)..<((row + 1) * rowLength)]))
        }
    }

    /// One loop call over contiguous elements: `vectorized_inner_sum` where there is a
    /// whole vector (AVX2's 32 bytes: 8 floats or 4 doubles), else `scalar_outer_sum`'s
    /// one row (`row_sum` on single elements).
    private static func contiguousSum<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>) -> T {
        let lanes = 32 / MemoryLayout<T>.size
        guard x.count >= lanes else { return rowSum(x, lanes: 1, count: x.count)[0] }
        let vectors = x.count / lanes
        let vector = rowSum(x, lanes: lanes, count: vectors)
        var total: T = 0
        for k in (vectors * lanes)..<x.count { total += x[k] }
        for lane in vector { total += lane }
        return total
    }

    /// `row_sum`: `count` vectors of `lanes` elements (lanes 1: single elements) summed
    /// as rows of four vectors by ``multiRowSum(_:lanes:rows:)``, then the vectors past
    /// the last whole row, then the four columns in order; lane by lane.
    private static func rowSum<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, lanes: Int, count: Int) -> [T] {
        let rows = count / 4
        var partial = multiRowSum(x, lanes: lanes, rows: rows)
        for v in (rows * 4)..<count {
            for lane in 0..<lanes { partial[lane] += x[v * lanes + lane] }
        }
        for k in 1..<4 {
            for lane in 0..<lanes { partial[lane] += partial[k * lanes + lane] }
        }
        return Array(partial[0..<lanes])
    }

    /// `multi_row_sum` with four columns of vectors: column `k` of row `i` is vector
    /// `4 i + k`. Returns the four columns' sums, `lanes` values each.
    private static func multiRowSum<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, lanes: Int, rows: Int) -> [T] {
        let levels = 4, columns = 4
        let width = columns * lanes
        let levelPower = max(4, ceilLog2(rows) / levels)
        let levelStep = 1 << levelPower
        let levelMask = levelStep - 1
        // acc[level][column][lane], flat.
        var acc = [T](repeating: 0, count: levels * width)
        func addRow(_ i: Int) {
            for e in 0..<width { acc[e] += x[i * width + e] }
        }
        var i = 0
        while i + levelStep <= rows {
            for _ in 0..<levelStep {
                addRow(i)
                i += 1
            }
            for level in 1..<levels {
                for e in 0..<width {
                    acc[level * width + e] += acc[(level - 1) * width + e]
                    acc[(level - 1) * width + e] = 0
                }
                if i & (levelMask << (level * levelPower)) != 0 { break }
            }
        }
        while i < rows {
            addRow(i)
            i += 1
        }
        for level in 1..<levels {
            for e in 0..<width { acc[e] += acc[level * width + e] }
        }
        return Array(acc[0..<width])
    }

    /// c10's `CeilLog2`: 1 up to 2, else the bits of `x - 1`.
    static func ceilLog2(_ x: Int) -> Int {
        x <= 2 ? 1 : Int.bitWidth - (x - 1).leadingZeroBitCount
    }
}
