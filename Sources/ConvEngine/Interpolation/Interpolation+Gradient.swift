/// The gradients of `F.interpolate`, under PyTorch's names (`UpsampleNearest1D/2D/3DBackward0`,
/// `UpsampleLinear1DBackward0`, `UpsampleBilinear2DBackward0`,
/// `UpsampleTrilinear3DBackward0`), by PyTorch's CPU backward loops
/// (`cpu_upsample_nearest_backward`, `cpu_upsample_linear_backward`): each output's
/// gradient added to the input element it was copied from, or to the corners it was
/// interpolated from, times their weights.
///
/// The backward kernels are loops, not engine operations: a backward pass that records
/// its graph (`create_graph=True`) through them is refused.
extension InterpolationRequest {
    func recorded(_ output: Tensor, of input: Tensor, _ geometry: InterpolationGeometry) -> Tensor {
        guard Tensor.isRecording([input]) else { return output }
        let rank = geometry.inputSizes.count
        let (name, function): (String, String) = switch mode {
        case .nearest: ("UpsampleNearest\(rank)DBackward0", "upsample_nearest\(rank)d")
        case .linear: ("UpsampleLinear1DBackward0", "upsample_linear1d")
        case .bilinear: ("UpsampleBilinear2DBackward0", "upsample_bilinear2d")
        default: ("UpsampleTrilinear3DBackward0", "upsample_trilinear3d")
        }
        let inputShape = input.shape
        let nearest = mode == .nearest
        return output.recorded(name, inputs: [input]) { g, _ throws(EngineError) in
            try Tensor.refuseSecondDerivative(of: function, [g[0]])
            func run<T: NNFloat>(_ type: T.Type) -> Tensor {
                let grad = g[0].elements(as: T.self)
                let values = nearest ? InterpolationKernels.nearestBackward(grad, geometry)
                                     : InterpolationKernels.linearBackward(grad, geometry)
                return Tensor.fromComputed(values, shape: inputShape, dtype: g[0].dtype)
            }
            return [g[0].dtype == .float64 ? run(Double.self) : run(Float.self)]
        }
    }
}

extension InterpolationKernels {
    /// `cpu_upsample_nearest_backward`: the indices of `nearest_idx`.
    static func nearestBackward<T: NNFloat>(_ grad: [T], _ g: InterpolationGeometry) -> [T] {
        let rank = g.inputSizes.count
        let maps = (0..<rank).map { legacyNearestIndices($0, g) }
        return accumulate(grad, g) { axis, o in [(maps[axis][o], T(1))] }
    }

    /// `cpu_upsample_linear_backward`: the two neighbours along each axis, with the
    /// weight products formed outer axis first, then times the gradient.
    static func linearBackward<T: NNFloat>(_ grad: [T], _ g: InterpolationGeometry) -> [T] {
        let rank = g.inputSizes.count
        let allTaps: [Taps<T>] = (0..<rank).map { taps($0, g, fused: true) }
        return accumulate(grad, g) { axis, o in
            let t = allTaps[axis]
            return [(t.index0[o], t.weight0[o]), (t.index1[o], t.weight1[o])]
        }
    }

    /// Adds each output's gradient into the input positions `sources` gives per axis
    /// (index and weight), visiting the combinations outer axis first, the weight
    /// product formed left to right and multiplied by the gradient last.
    private static func accumulate<T: NNFloat>(_ grad: [T], _ g: InterpolationGeometry,
                                               sources: (_ axis: Int, _ output: Int) -> [(Int, T)]) -> [T] {
        let rank = g.inputSizes.count
        let inStrides = TensorShape(g.inputSizes).strides
        let inCount = TensorShape(g.inputSizes).elementCount
        let outCount = TensorShape(g.outputSizes).elementCount
        var out = [T](repeating: 0, count: g.planeCount * inCount)
        var position = [Int](repeating: 0, count: rank)
        for o in 0..<outCount {
            // The corners of this output position: offset and weight product.
            var corners: [(offset: Int, weight: T?)] = [(0, nil)]
            for axis in 0..<rank {
                let options = sources(axis, position[axis])
                corners = corners.flatMap { corner in
                    options.map { (index, weight) in
                        (corner.offset + index * inStrides[axis], corner.weight.map { $0 * weight } ?? weight)
                    }
                }
            }
            for plane in 0..<g.planeCount {
                let value = grad[plane * outCount + o]
                for corner in corners { out[plane * inCount + corner.offset] += (corner.weight ?? 1) * value }
            }
            advance(&position, within: g.outputSizes)
        }
        return out
    }
}
