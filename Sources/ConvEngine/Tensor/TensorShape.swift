/// The sizes of a tensor's dimensions, outermost first.
///
/// A small collection type in the manner of swift-apis' `TensorShape`: `[Int]` with
/// the arithmetic the engine needs (element count, row-major strides). Its
/// description is the one PyTorch's C++ errors use, `[1, 3, 5, 5]`.
public struct TensorShape: RandomAccessCollection, MutableCollection, Hashable, Sendable,
    ExpressibleByArrayLiteral, CustomStringConvertible
{
    /// The sizes, outermost dimension first.
    public var dimensions: [Int]

    public init(_ dimensions: [Int]) { self.dimensions = dimensions }
    public init(arrayLiteral elements: Int...) { self.dimensions = elements }

    public var startIndex: Int { 0 }
    public var endIndex: Int { dimensions.count }
    public subscript(position: Int) -> Int {
        get { dimensions[position] }
        set { dimensions[position] = newValue }
    }

    /// The number of dimensions.
    public var rank: Int { dimensions.count }

    /// The number of elements: the product of the sizes (1 for a scalar). A product
    /// beyond `Int` saturates at `Int.max` (a shape that no storage matches, which the
    /// element-count checks refuse) rather than trapping.
    public var elementCount: Int { dimensions.reduce(1, TensorShape.saturatingProduct) }

    /// `a * b`, or `Int.max` (`Int.min` if negative) when that overflows.
    static func saturatingProduct(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard overflow else { return product }
        return (a < 0) == (b < 0) ? .max : .min
    }

    /// Row-major strides in elements: the last dimension has stride 1. A size of 0
    /// counts as 1, as PyTorch's contiguous strides take it (`torch.zeros(2, 0, 3)` has
    /// strides `(3, 3, 1)`).
    public var strides: [Int] {
        // Each stride as the product of the sizes after it (a few products for the
        // ranks tensors have), so the strides are made as one literal.
        SmallIntArray.make(count: dimensions.count) { axis in
            dimensions[(axis + 1)...].reduce(1) { TensorShape.saturatingProduct($0, Swift.max($1, 1)) }
        }
    }

    public var description: String { PythonFormat.list(dimensions) }
}
