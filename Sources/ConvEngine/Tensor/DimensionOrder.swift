/// The order in which PyTorch's TensorIterator walks a tensor's dimensions
/// (`reorder_dimensions`), shared by the layouts that follow it.
enum DimensionOrder {
    /// The dimensions `0..<rank` innermost first: from the row-major order reversed, an
    /// insertion sort by `comparison(a, b)` (1: `a` goes outside `b`; -1: inside; 0:
    /// undecided, and the sort goes on to the dimensions further in, as ATen's does).
    static func innermostFirst(rank: Int, _ comparison: (Int, Int) -> Int) -> [Int] {
        var order = Array((0..<rank).reversed())
        for i in order.indices.dropFirst() {
            var moving = i
            for earlier in stride(from: i - 1, through: 0, by: -1) {
                let c = comparison(order[earlier], order[moving])
                if c > 0 {
                    order.swapAt(earlier, moving)
                    moving = earlier
                } else if c < 0 {
                    break
                }
            }
        }
        return order
    }
}
