import Foundation

/// The two element types the `torch.nn` kernels compute in: `Float` for float32 (and,
/// widened, float16 / bfloat16, whose `opmath` type is float) and `Double` for
/// float64, with the C library's functions in each precision.
protocol NNFloat: BinaryFloatingPoint, TensorElement {
    static func hyperbolicTangent(_ x: Self) -> Self
    static func exponentialMinusOne(_ x: Self) -> Self
    static func naturalLogarithm(_ x: Self) -> Self
}

extension Float: NNFloat {
    static func hyperbolicTangent(_ x: Float) -> Float { Foundation.tanhf(x) }
    static func exponentialMinusOne(_ x: Float) -> Float { Foundation.expm1f(x) }
    static func naturalLogarithm(_ x: Float) -> Float { Foundation.logf(x) }
}

extension Double: NNFloat {
    static func hyperbolicTangent(_ x: Double) -> Double { Foundation.tanh(x) }
    static func exponentialMinusOne(_ x: Double) -> Double { Foundation.expm1(x) }
    static func naturalLogarithm(_ x: Double) -> Double { Foundation.log(x) }
}

/// An elementwise function written once for both precisions.
protocol NNFloatMapper {
    func map<T: NNFloat>(_ values: [T]) -> [T]
}

extension Tensor {
    /// A tensor of `shape` from values computed in `T`, stored as `dtype` (rounded once
    /// when `dtype` is a narrower float than `T`).
    static func fromComputed<T: NNFloat>(_ values: [T], shape: TensorShape, dtype: DType) -> Tensor {
        if T.dtype == dtype { return Tensor(shape: shape, storage: T.makeStorage(values)) }
        return Tensor(shape: shape, storage: T.makeStorage(values).converted(to: dtype))
    }

    /// `mapper` run in the precision PyTorch's CPU kernels use for this floating dtype
    /// (double for float64, float otherwise), the result stored as this dtype.
    func mapFloating<M: NNFloatMapper>(_ mapper: M) -> Tensor {
        if dtype == .float64 {
            return Tensor.fromComputed(mapper.map(elements(as: Double.self)), shape: shape, dtype: dtype)
        }
        return Tensor.fromComputed(mapper.map(elements(as: Float.self)), shape: shape, dtype: dtype)
    }
}

