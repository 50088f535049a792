import Testing
@testable import ConvEngine

/// What the fast-route suites share: plans generated from a seed with integer-valued
/// operands (exact sums in every route), and two kernels run on one plan's operands.
enum RouteComparison {
    /// A kernel on flat operands: input, weight, optional bias, output.
    typealias Kernel<T> = (UnsafeBufferPointer<T>, UnsafeBufferPointer<T>, UnsafeBufferPointer<T>?,
                           UnsafeMutableBufferPointer<T>) throws -> Void

    /// `count` plans from `make(random, index)`, which returns nil for a geometry PyTorch
    /// refuses (drawn again, at most `20 * count` draws in all).
    static func plans(count: Int, seed: UInt64, _ make: (inout TestRandom, Int) -> ConvPlan?) -> [ConvPlan] {
        var random = TestRandom(seed: seed)
        var plans: [ConvPlan] = []
        var index = 0
        while plans.count < count, index < 20 * count {
            defer { index += 1 }
            if let plan = make(&random, index) { plans.append(plan) }
        }
        return plans
    }

    /// The elements after the fast kernel's output that it must leave alone, and their
    /// value before and after.
    static let guardCount = 64
    static let guardValue = 1234.5

    /// The reference and the fast kernel's outputs for `plan`'s operands in `T`, each
    /// output starting from its own fill (NaN shows a position a kernel leaves unwritten);
    /// an issue is recorded if the fast kernel writes past its output's end.
    static func outputs<T: BLASScalar & TensorElement>(
        _ plan: ConvPlan, _ type: T.Type, referenceFill: T, fastFill: T, reference: Kernel<T>, fast: Kernel<T>
    ) throws -> (reference: [T], fast: [T]) {
        let x = plan.input.elements(as: T.self), w = plan.weight.elements(as: T.self)
        let b = plan.bias?.elements(as: T.self)
        let count = plan.outputShape.elementCount
        var referenceOutput = [T](repeating: referenceFill, count: count)
        var fastOutput = [T](repeating: fastFill, count: count) + [T](repeating: T(guardValue), count: guardCount)
        func withBias(_ body: (UnsafeBufferPointer<T>?) throws -> Void) throws {
            if let b { try b.withUnsafeBufferPointer { try body($0) } } else { try body(nil) }
        }
        try x.withUnsafeBufferPointer { xs in
            try w.withUnsafeBufferPointer { ws in
                try withBias { bs in
                    try referenceOutput.withUnsafeMutableBufferPointer { try reference(xs, ws, bs, $0) }
                    try fastOutput.withUnsafeMutableBufferPointer {
                        try fast(xs, ws, bs, UnsafeMutableBufferPointer(rebasing: $0[..<count]))
                    }
                }
            }
        }
        if !fastOutput[count...].allSatisfy({ $0 == T(guardValue) }) {
            Issue.record("the fast kernel wrote past its output's end")
        }
        return (referenceOutput, Array(fastOutput[..<count]))
    }

    /// The lowered transposed route's output for `plan`'s operands and `fast`'s, in `T`;
    /// the fast output starts as NaN, so a position it leaves unwritten shows.
    static func transposedOutputs<T: BLASScalar & TensorElement>(
        _ plan: ConvPlan, _ type: T.Type, resources: ComputeResources, fast: Kernel<T>
    ) throws -> (reference: [T], fast: [T]) {
        try outputs(plan, T.self, referenceFill: 0, fastFill: .nan,
            reference: { xs, ws, bs, out in
                try ConvKernels.transposedConvolution(input: xs, weight: ws, bias: bs, output: out,
                                                      geometry: plan.geometry, resources: resources, cancellation: nil)
            },
            fast: fast)
    }

    /// How many elements differ in value or sign (a NaN differs from everything).
    static func differing<T: BinaryFloatingPoint>(_ a: [T], _ b: [T]) -> Int {
        zip(a, b).filter { !($0 == $1 && $0.sign == $1.sign) }.count
    }
}

/// One generated transposed convolution, already planned (PyTorch's checks passed).
struct TransposedRouteCase: CustomStringConvertible {
    let plan: ConvPlan
    var description: String {
        "x \(plan.input.shape) w \(plan.weight.shape) groups \(plan.groups) bias \(plan.bias != nil) " +
            "\(plan.input.dtype) stride \(plan.stride) padding \(plan.paddingBefore) " +
            "output_padding \(plan.outputPadding) dilation \(plan.dilation)"
    }
}

extension TestRandom {
    /// A tensor of integers in `range`, exact in every floating-point dtype.
    mutating func integers(_ shape: [Int], dtype: DType, in range: ClosedRange<Int> = -4...4) -> Tensor {
        let values = (0..<shape.reduce(1, *)).map { _ in Double(Int.random(in: range, using: &self)) }
        return Tensor(shape: TensorShape(shape), storage: .converting(values, to: dtype))
    }
}
