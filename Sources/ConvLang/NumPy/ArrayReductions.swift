import ConvEngine

/// The reductions of NumPy arrays (`a.sum()`, `a.mean(axis=0)`, `a.max()`, `a.any()`),
/// with NumPy's result dtypes: integer and bool sums are int64, means of integers
/// float64, float16 means accumulate in float32; max and min keep the dtype and let
/// NaN win; any and all give bools.
///
/// Float sums add as NumPy's `add.reduce` does, so float32 results agree to the last
/// bit: each run that ``ReductionRuns`` hands out is summed pairwise (eight running
/// sums, halves past 128 elements) and added to its result element, in NumPy's order.
enum ArrayReductions {
    enum Kind: String {
        case sum, mean, max, min, any, all

        /// The ufunc name NumPy's empty-reduction error quotes.
        var ufuncName: String { self == .max ? "maximum" : "minimum" }
    }

    /// The reduction over `axes` (all of them when nil).
    static func reduce(_ kind: Kind, _ t: Tensor, axes requested: [Int]?, keepDims: Bool, at range: SourceRange) throws(Diagnostic) -> Tensor {
        let axes = try normalizedAxes(requested, rank: t.rank, at: range)
        let outShape = t.shape.dimensions.enumerated().compactMap { axis, size -> Int? in
            axes.contains(axis) ? (keepDims ? 1 : nil) : size
        }
        let laneLength = axes.reduce(1) { $0 * t.shape[$1] }
        if kind == .max || kind == .min, laneLength == 0 {
            throw Diagnostic(.value, "zero-size array to reduction operation \(kind.ufuncName) which has no identity", range)
        }
        let runs = ReductionRuns(t, axes: axes)
        let storage = t.buffer.storage
        let result: TensorStorage
        switch kind {
        case .any, .all:
            let values = storage.elements(as: Bool.self)
            // `all` starts true and turns false at a false element; `any` the reverse.
            let start = kind == .all
            var out = [Bool](repeating: start, count: runs.resultCount)
            runs.forEach { o, run in
                if out[o] == start, run.contains(where: { values[$0] != start }) { out[o] = !start }
            }
            result = .bool(out)
        case .max, .min:
            result = t.dtype.isFloatingPoint
                ? TensorStorage.float64(extremes(storage.doubles, runs, max: kind == .max)).converted(to: t.dtype)
                : TensorStorage.int64(extremes(storage.elements(as: Int64.self), runs, max: kind == .max)).converted(to: t.dtype)
        case .sum, .mean:
            result = sums(kind, t.dtype, storage, runs, count: laneLength)
        }
        return try ArrayArithmetic.engine(range) { () throws(EngineError) in try Tensor(shape: outShape, checkedStorage: result) }
    }

    /// The largest or smallest element of each result element's runs; a NaN wins. Every
    /// result element has at least one element (an empty reduction was refused).
    private static func extremes<T: Comparable>(_ values: [T], _ runs: ReductionRuns, max isMax: Bool) -> [T] {
        var out: [T] = []
        var started = [Bool](repeating: false, count: runs.resultCount)
        runs.forEach { o, run in
            if out.isEmpty { out = [T](repeating: values[run[0]], count: runs.resultCount) }
            var best = started[o] ? out[o] : values[run[0]]
            started[o] = true
            if best == best {
                for p in run {
                    let v = values[p]
                    if v != v { best = v; break }
                    if isMax ? v > best : v < best { best = v }
                }
            }
            out[o] = best
        }
        return out
    }

    /// Sums (or means) in NumPy's accumulator type: float64 for float64 and for the means
    /// of integers, float32 for float32 and float16, int64 (wrapping) for the rest.
    private static func sums(_ kind: Kind, _ dtype: DType, _ storage: TensorStorage, _ runs: ReductionRuns, count: Int) -> TensorStorage {
        func accumulate<T: BinaryFloatingPoint>(_ values: [T]) -> [T] {
            var out = [T](repeating: 0, count: runs.resultCount)
            runs.forEach { o, run in out[o] += pairwiseSum(values, run, 0, run.count) }
            return kind == .mean ? out.map { $0 / T(count) } : out
        }
        if dtype == .float64 || (kind == .mean && !dtype.isFloatingPoint) {
            return .float64(accumulate(storage.doubles))
        }
        if dtype.isFloatingPoint {
            return TensorStorage.float32(accumulate(storage.elements(as: Float.self))).converted(to: dtype)
        }
        let values = storage.elements(as: Int64.self)
        var out = [Int64](repeating: 0, count: runs.resultCount)
        runs.forEach { o, run in for p in run { out[o] = out[o] &+ values[p] } }
        return .int64(out)
    }

    /// NumPy's `pairwise_sum` of `run[lower..<upper]`: eight running sums below 128
    /// elements, halves (rounded down to a multiple of eight) above.
    static func pairwiseSum<T: BinaryFloatingPoint>(_ values: [T], _ run: ReductionRuns.Run, _ lower: Int, _ upper: Int) -> T {
        let n = upper - lower
        if n < 8 {
            var total: T = 0
            for i in lower..<upper { total += values[run[i]] }
            return total
        }
        if n <= 128 {
            var r = (0..<8).map { values[run[lower + $0]] }
            var i = 8
            while i < n - n % 8 {
                for k in 0..<8 { r[k] += values[run[lower + i + k]] }
                i += 8
            }
            var total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n {
                total += values[run[lower + i]]
                i += 1
            }
            return total
        }
        var half = n / 2
        half -= half % 8
        return pairwiseSum(values, run, lower, lower + half) + pairwiseSum(values, run, lower + half, upper)
    }

    /// Axes as NumPy's `axis=` takes them: negative ones from the end, no repeats.
    static func normalizedAxes(_ requested: [Int]?, rank: Int, at range: SourceRange) throws(Diagnostic) -> [Int] {
        guard let requested else { return Array(0..<rank) }
        var axes: [Int] = []
        for axis in requested {
            guard axis >= -rank, axis < rank else {
                throw Diagnostic(.index, "axis \(axis) is out of bounds for array of dimension \(rank)", range, kind: "AxisError")
            }
            let wrapped = axis < 0 ? axis + rank : axis
            guard !axes.contains(wrapped) else { throw Diagnostic(.value, "duplicate value in 'axis'", range) }
            axes.append(wrapped)
        }
        return axes.sorted()
    }
}
