/// float16 and bfloat16 in ``CascadeSum``: ATen adds them in float (`acc_type`), each
/// element widened as it is loaded, and adds each sum into an output of the element type
/// (`CastStoreAccumulate`: `*out += sum`, where the sum is first rounded to the element
/// type, then added to the output in float and rounded again).
protocol NarrowFloat {
    /// The value as a float (exact).
    var widened: Float { get }
    /// The nearest value to `value`, ties to even.
    init(rounding value: Float)
    /// Eight values as floats (exact), from their bit patterns.
    static func widened(_ bits: SIMD8<UInt16>) -> SIMD8<Float>
}

extension NarrowFloat {
    /// Eight elements from `pointer` on, as floats.
    @inline(__always)
    static func widened(at pointer: UnsafePointer<Self>) -> SIMD8<Float> {
        widened(UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<UInt16>.self))
    }
}

extension CascadeElement where Self: NarrowFloat, Scalar.Lane == Float {
    /// `Vectorized<Half>` and `Vectorized<BFloat16>` hold 16 elements in AVX2's 256 bits.
    static var vectorElements: Int { 16 }

    /// c10's `Half& operator+=(Half&, const Half&)` with the float sum made a half first
    /// (the same for bfloat16). Each output takes one sum (ATen adds in float wherever
    /// two would meet there), so this is the sum rounded once.
    static func accumulate(_ sum: Float, into output: inout Self) {
        output = Self(rounding: output.widened + Self(rounding: sum).widened)
    }
}

extension Float16: NarrowFloat, CascadeElement {
    typealias Scalar = WidenedElement<Float16>
    typealias InnerVector = PairedElements<Float16>
    typealias OuterVector = WidenedElements<Float16>
    init(rounding value: Float) { self.init(value) }
}

extension BFloat16: NarrowFloat, CascadeElement {
    typealias Scalar = WidenedElement<BFloat16>
    typealias InnerVector = PairedElements<BFloat16>
    typealias OuterVector = WidenedElements<BFloat16>
    static var zero: BFloat16 { BFloat16(bits: 0) }
    var widened: Float { floatValue }
    init(rounding value: Float) { self.init(value) }
    static func widened(_ bits: SIMD8<UInt16>) -> SIMD8<Float> {
        unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: bits) &<< 16, to: SIMD8<Float>.self)
    }
}

/// One element widened to float (`CastLoadPolicy`).
struct WidenedElement<E: NarrowFloat>: CascadeAccumulator {
    var value: Float
    static var zero: Self { Self(value: 0) }
    static func + (a: Self, b: Self) -> Self { Self(value: a.value + b.value) }
    init(value: Float) { self.value = value }
    init(loadingFrom pointer: UnsafePointer<E>) { value = pointer.pointee.widened }
    static var laneCount: Int { 1 }
    subscript(lane: Int) -> Float { value }
}

/// Eight consecutive elements widened to eight floats (`OuterSumCastLoadPolicy`).
struct WidenedElements<E: NarrowFloat>: CascadeAccumulator {
    var lanes: SIMD8<Float>
    static var zero: Self { Self(lanes: .zero) }
    static func + (a: Self, b: Self) -> Self { Self(lanes: a.lanes + b.lanes) }
    init(lanes: SIMD8<Float>) { self.lanes = lanes }
    init(loadingFrom pointer: UnsafePointer<E>) { lanes = E.widened(at: pointer) }
    static var laneCount: Int { 8 }
    subscript(lane: Int) -> Float { lanes[lane] }
}

/// Sixteen consecutive elements as eight floats, lane `i` the sum of elements `i` and
/// `i + 8` (`InnerSumCastLoadPolicy`: both halves of the vector widened to float, then
/// added, as `load_fp32_from_bf16` and its float16 counterpart load them).
struct PairedElements<E: NarrowFloat>: CascadeAccumulator {
    var lanes: SIMD8<Float>
    static var zero: Self { Self(lanes: .zero) }
    static func + (a: Self, b: Self) -> Self { Self(lanes: a.lanes + b.lanes) }
    init(lanes: SIMD8<Float>) { self.lanes = lanes }
    init(loadingFrom pointer: UnsafePointer<E>) { lanes = E.widened(at: pointer) + E.widened(at: pointer + 8) }
    static var laneCount: Int { 8 }
    subscript(lane: Int) -> Float { lanes[lane] }
}
