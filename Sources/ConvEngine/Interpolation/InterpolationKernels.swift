import Foundation

/// The interpolation kernels of PyTorch's `UpSampleKernel.cpp`, reproduced to the bit:
/// the source index and weights of each output position (`nearest_idx`,
/// `compute_source_index_and_lambda`) and the order of the multiply-adds.
enum InterpolationKernels {
    // MARK: nearest

    /// Copies the nearest input element of every output position.
    static func nearest(_ input: Tensor, _ g: InterpolationGeometry, channelsLast: Bool, outputShape: TensorShape) -> Tensor {
        let rank = g.inputSizes.count
        let maps = (0..<rank).map { axis in
            channelsLast ? legacyNearestIndices(axis, g) : nearestIndices(axis, g, double: input.dtype == .float64)
        }
        let inStrides = TensorShape(g.inputSizes).strides
        let inCount = TensorShape(g.inputSizes).elementCount
        // Flat input offsets of the output positions of one plane, row-major.
        var offsets = [0]
        for axis in 0..<rank {
            offsets = offsets.flatMap { base in maps[axis].map { base + $0 * inStrides[axis] } }
        }
        var positions: [Int] = []
        positions.reserveCapacity(g.planeCount * offsets.count)
        for plane in 0..<g.planeCount {
            let base = plane * inCount
            positions.append(contentsOf: offsets.map { base + $0 })
        }
        return Tensor(shape: outputShape, storage: input.contiguousStorage.gathering(positions))
    }

    /// `nearest_idx` of the channels-last kernel: the identity when the size is kept,
    /// `i >> 1` when it doubles, else `floor(i * scale)` with a float scale.
    static func legacyNearestIndices(_ axis: Int, _ g: InterpolationGeometry) -> [Int] {
        let (inSize, outSize) = (g.inputSizes[axis], g.outputSizes[axis])
        if outSize == inSize { return Array(0..<outSize) }
        if outSize == 2 * inSize { return (0..<outSize).map { $0 >> 1 } }
        let scale: Float = scalesValue(g.scale(axis), inSize, outSize)
        return (0..<outSize).map { Swift.min(Int((Float($0) * scale).rounded(.down)), inSize - 1) }
    }

    /// `HelperInterpNearest::compute_indices_weights`: `floor(scale * i)` in the
    /// element's `opmath` type (double for float64), through `floorf`.
    static func nearestIndices(_ axis: Int, _ g: InterpolationGeometry, double: Bool) -> [Int] {
        let (inSize, outSize) = (g.inputSizes[axis], g.outputSizes[axis])
        return (0..<outSize).map { i in
            let real: Float
            if double {
                let scale: Double = scalesValue(g.scale(axis), inSize, outSize)
                real = Float(scale * Double(i))
            } else {
                let scale: Float = scalesValue(g.scale(axis), inSize, outSize)
                real = scale * Float(i)
            }
            return Swift.min(Int(real.rounded(.down)), inSize - 1)
        }
    }

    /// `compute_scales_value`: `1 / scale_factor` when one was given, else `in / out`.
    static func scalesValue<T: BinaryFloatingPoint>(_ scale: Double?, _ inSize: Int, _ outSize: Int) -> T {
        if let scale, scale > 0 { return T(1.0 / scale) }
        return T(inSize) / T(outSize)
    }

    // MARK: linear

    /// The two neighbours of each output position along one axis and their weights.
    struct Taps<T: NNFloat> {
        var index0: [Int] = [], index1: [Int] = []
        var weight0: [T] = [], weight1: [T] = []
    }

    /// `compute_source_index_and_lambda` along `axis`. With `fused`, the source index
    /// `scale * (i + 0.5) - 0.5` is one fused multiply-add, as PyTorch's compiled code
    /// computes it in the channels-last kernel and, for doubles, in the generic one;
    /// without, two roundings (the generic kernel on floats).
    static func taps<T: NNFloat>(_ axis: Int, _ g: InterpolationGeometry, fused: Bool) -> Taps<T> {
        let (inSize, outSize) = (g.inputSizes[axis], g.outputSizes[axis])
        let scale: T
        if g.alignCorners {
            scale = outSize > 1 ? T(inSize - 1) / T(outSize - 1) : 0
        } else {
            scale = scalesValue(g.scale(axis), inSize, outSize)
        }
        var taps = Taps<T>()
        for i in 0..<outSize {
            if outSize == inSize {
                taps.index0.append(i); taps.index1.append(i)
                taps.weight0.append(1); taps.weight1.append(0)
                continue
            }
            var real: T
            if g.alignCorners {
                real = scale * T(i)
            } else {
                real = fused ? T(-0.5).addingProduct(scale, T(i) + 0.5) : scale * (T(i) + 0.5) - 0.5
                if real < 0 { real = 0 }
            }
            // guard_index_and_lambda
            let index = Swift.min(Int(Float(real).rounded(.down)), inSize - 1)
            let lambda = Swift.min(Swift.max(real - T(index), 0), 1)
            taps.index0.append(index)
            taps.index1.append(index + (index < inSize - 1 ? 1 : 0))
            taps.weight1.append(lambda)
            taps.weight0.append(1 - lambda)
        }
        return taps
    }

    /// The generic kernel (`upsample_non_separable` with `InterpolateNonSeparable`):
    /// per axis, outer first, `t0 * w0 + t1 * w1` with the first product fused into the
    /// addition of the rounded second.
    static func linear<T: NNFloat>(_ x: [T], _ g: InterpolationGeometry) -> [T] {
        let rank = g.inputSizes.count
        let allTaps: [Taps<T>] = (0..<rank).map { taps($0, g, fused: T.self == Double.self) }
        let inStrides = TensorShape(g.inputSizes).strides
        let inCount = TensorShape(g.inputSizes).elementCount
        let outCount = TensorShape(g.outputSizes).elementCount
        var out = [T](repeating: 0, count: g.planeCount * outCount)
        var position = [Int](repeating: 0, count: rank)
        for o in 0..<outCount {
            for plane in 0..<g.planeCount {
                out[plane * outCount + o] = combine(x, plane * inCount, 0, position, allTaps, inStrides)
            }
            advance(&position, within: g.outputSizes)
        }
        return out
    }

    /// The next output position in row-major order.
    static func advance(_ position: inout [Int], within sizes: [Int]) {
        for axis in stride(from: sizes.count - 1, through: 0, by: -1) {
            position[axis] += 1
            if position[axis] < sizes[axis] { break }
            position[axis] = 0
        }
    }

    private static func combine<T: NNFloat>(_ x: [T], _ offset: Int, _ axis: Int, _ position: [Int],
                                            _ allTaps: [Taps<T>], _ strides: [Int]) -> T {
        let taps = allTaps[axis], p = position[axis]
        let o0 = offset + taps.index0[p] * strides[axis], o1 = offset + taps.index1[p] * strides[axis]
        let last = axis == position.count - 1
        let t0 = last ? x[o0] : combine(x, o0, axis + 1, position, allTaps, strides)
        let t1 = last ? x[o1] : combine(x, o1, axis + 1, position, allTaps, strides)
        return (t1 * taps.weight1[p]).addingProduct(t0, taps.weight0[p])
    }

    /// The channels-last bilinear kernel (`upsample_linear_channels_last`), which
    /// PyTorch uses for 4-d inputs with a small output: four weights `h * w` per output
    /// position; channels in full vectors of 16 floats (8 doubles) sum
    /// `i00*w00 + (i01*w01 + (i10*w10 + i11*w11))`, the rest left to right, each with
    /// the multiply-adds fused as the compiled kernel fuses them.
    static func bilinearChannelsLast<T: NNFloat>(_ x: [T], _ g: InterpolationGeometry) -> [T] {
        let hTaps: Taps<T> = taps(0, g, fused: true), wTaps: Taps<T> = taps(1, g, fused: true)
        let (inH, inW) = (g.inputSizes[0], g.inputSizes[1])
        let (outH, outW) = (g.outputSizes[0], g.outputSizes[1])
        let vectorWidth = T.self == Float.self ? 16 : 8
        let vectorChannels = g.channels - g.channels % vectorWidth
        var out = [T](repeating: 0, count: g.planeCount * outH * outW)
        for plane in 0..<g.planeCount {
            let inBase = plane * inH * inW, outBase = plane * outH * outW
            let vectorised = plane % g.channels < vectorChannels
            for oh in 0..<outH {
                let (h0, h1, hl0, hl1) = (hTaps.index0[oh], hTaps.index1[oh], hTaps.weight0[oh], hTaps.weight1[oh])
                for ow in 0..<outW {
                    let (w0, w1, wl0, wl1) = (wTaps.index0[ow], wTaps.index1[ow], wTaps.weight0[ow], wTaps.weight1[ow])
                    let (w00, w01, w10, w11) = (hl0 * wl0, hl0 * wl1, hl1 * wl0, hl1 * wl1)
                    let i00 = x[inBase + h0 * inW + w0], i01 = x[inBase + h0 * inW + w1]
                    let i10 = x[inBase + h1 * inW + w0], i11 = x[inBase + h1 * inW + w1]
                    let value: T
                    if vectorised {
                        value = (i10 * w10).addingProduct(i11, w11).addingProduct(i01, w01).addingProduct(i00, w00)
                    } else {
                        value = (i01 * w01).addingProduct(i00, w00).addingProduct(i10, w10).addingProduct(i11, w11)
                    }
                    out[outBase + oh * outW + ow] = value
                }
            }
        }
        return out
    }
}
