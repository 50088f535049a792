/// The float32 kernels' view of a generic buffer: the routes that run only in float32
/// (Winograd, sub-pixel Winograd, the panel products) are called from code generic over
/// ``BLASScalar`` and take the same memory as `Float`.
extension UnsafeBufferPointer where Element: BLASScalar {
    /// The same buffer as float32.
    /// - Precondition: `Element` is `Float`.
    var floats: UnsafeBufferPointer<Float> {
        precondition(Element.self == Float.self)
        return UnsafeRawBufferPointer(self).assumingMemoryBound(to: Float.self)
    }
}

extension UnsafeMutableBufferPointer where Element: BLASScalar {
    /// The same buffer as float32.
    /// - Precondition: `Element` is `Float`.
    var floats: UnsafeMutableBufferPointer<Float> {
        precondition(Element.self == Float.self)
        return UnsafeMutableRawBufferPointer(self).assumingMemoryBound(to: Float.self)
    }
}
