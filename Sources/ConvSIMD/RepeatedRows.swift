/// A plane's output rows of a transposed convolution whose width is tiled by its kernel
/// (``RepeatedProductAVX2``), written straight from their input rows: every output
/// column `c` a row's input reaches holds `(source[m / s] * taps[m % s] + 0) + bias` with
/// `m = c + padding`, and the columns past the input's reach `0 + bias`.
///
/// Every row reaching an input row has the same columns, so their layout is worked out
/// once per call: the columns before the first whole input (all from input `first - 1`)
/// one by one, then blocks of eight inputs, then the input's last eight as one more block
/// (rewriting some columns with the same values) or the remaining columns one by one.
/// A row's blocks may run past its end into the rows after it, which are written later,
/// so blocks are stored whole wherever they stay inside the plane; a row near the plane's
/// end stores only the blocks that do.
public struct RepeatedRows: Sendable {
    let repeats: Int, width: Int, outWidth: Int
    /// The padding cropped from the row's start.
    let padding: Int
    /// Columns `[0, covered)` take a product; the rest no tap reaches.
    let covered: Int
    /// The first input whose output columns all lie in the row, and its first column.
    let first: Int, start: Int
    /// The whole blocks from `first` the covered columns need, inside the input.
    let blocks: Int
    /// The input's last eight columns as one more block after them, counted from
    /// `first`, where the blocks leave covered columns and the input has eight past `first`.
    let lastBlock: Int?
    /// How far from the row's start its blocks write, whole.
    let reach: Int

    /// The layout of rows of `outWidth` columns from input rows of `width` columns at
    /// stride `repeats` (``RepeatedProductAVX2/supports(repeats:)``), with `padding`
    /// columns cropped from the start.
    public init(repeats: Int, width: Int, outWidth: Int, padding: Int) {
        precondition(RepeatedProductAVX2.supports(repeats: repeats), "unsupported repeat \(repeats)")
        let s = repeats
        (self.repeats, self.width, self.outWidth, self.padding) = (s, width, outWidth, padding)
        covered = max(0, min(outWidth, width * s - padding))
        first = (padding + s - 1) / s
        start = first * s - padding
        let needed = start < covered ? (covered - start + 8 * s - 1) / (8 * s) : 0
        blocks = max(0, min(needed, (width - first) / 8))
        lastBlock = start + 8 * s * blocks < covered && width - 8 >= first ? width - 8 - first : nil
        reach = max(outWidth, lastBlock != nil ? width * s - padding : start + 8 * s * blocks)
    }

    /// Writes rows `rows` of a plane of `planeCount` floats at `plane`, row `r` at
    /// `plane + r * outWidth`.
    /// - Parameters:
    ///   - taps: two numbers per row of the plane: the input row it reads (from `input`,
    ///     `width` floats each), negative where none does, and its kernel row (from
    ///     `weight`, `repeats` floats each, and from `kernelLanes`, that row's
    ///     ``RepeatedProductAVX2/kernelLanes(_:repeats:into:)``).
    ///   - bias: added after each product and to the columns no tap reaches, if given.
    public func write(
        rows: Range<Int>, taps: UnsafePointer<Int>, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        kernelLanes: UnsafePointer<Float>, bias: Float?, plane: UnsafeMutablePointer<Float>, planeCount: Int
    ) {
        switch repeats {
        case 2: write(Twice.self, rows, taps, input, weight, kernelLanes, bias, plane, planeCount)
        case 3: write(Thrice.self, rows, taps, input, weight, kernelLanes, bias, plane, planeCount)
        default: write(FourTimes.self, rows, taps, input, weight, kernelLanes, bias, plane, planeCount)
        }
    }

    @inline(__always)
    private func write<R: Repetition>(
        _: R.Type, _ rows: Range<Int>, _ rowTaps: UnsafePointer<Int>, _ input: UnsafePointer<Float>,
        _ weight: UnsafePointer<Float>, _ kernelLanes: UnsafePointer<Float>, _ bias: Float?,
        _ plane: UnsafeMutablePointer<Float>, _ planeCount: Int
    ) {
        let s = R.repeats
        // Without a bias, adding 0 a second time leaves every sum as it is.
        let b = bias ?? 0
        let biases = SIMD8<Float>(repeating: b)
        let planeEnd = plane + planeCount
        for r in rows {
            let row = plane + r * outWidth
            let inputRow = rowTaps[2 * r]
            guard inputRow >= 0 else {
                row.update(repeating: 0 + b, count: outWidth)
                continue
            }
            let source = input + inputRow * width, kernelRow = rowTaps[2 * r + 1]
            let taps = weight + kernelRow * s
            // Near the plane's end: only the blocks that stay inside it.
            let writable = planeEnd - row
            let fitting = writable >= reach ? blocks : max(0, min(blocks, (writable - start) / (8 * s)))
            let extraBlock = fitting == blocks && width * s - padding <= writable ? lastBlock : nil
            // The first columns all read input `first - 1`.
            for c in 0..<min(covered, start) {
                row[c] = (source[first - 1] * taps[c + padding - (first - 1) * s] + 0) + b
            }
            RepeatedProductAVX2.products(R.self, source + first, fitting, kernelLanes + kernelRow * 8 * s, biases,
                                         row + start, extraBlock)
            if extraBlock == nil {
                for c in min(covered, start + 8 * s * fitting)..<covered {
                    let m = c + padding
                    row[c] = (source[m / s] * taps[m % s] + 0) + b
                }
            }
            // The columns past the input's reach (output padding beyond the padding).
            for c in covered..<max(covered, outWidth) { row[c] = 0 + b }
        }
    }
}
