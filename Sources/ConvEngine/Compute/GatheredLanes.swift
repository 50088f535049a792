extension SIMD8 where Scalar == Float {
    /// The floats at `base`, `base + stride`, ... (`lanes` of them, up to eight; the rest
    /// zero), gathered in registers when all eight are wanted.
    ///
    /// Setting lanes one at a time (`x[lane] = value`) goes through memory: each narrow
    /// store is followed by a reload of the whole vector that cannot be forwarded from it,
    /// a stall of a dozen cycles a lane. In the Winograd weight transforms that stall was
    /// two thirds of the transform's time.
    @inline(__always)
    init(gathering base: UnsafePointer<Float>, stride: Int, lanes: Int) {
        if lanes == 8 {
            self.init(base[0], base[stride], base[2 * stride], base[3 * stride],
                      base[4 * stride], base[5 * stride], base[6 * stride], base[7 * stride])
            return
        }
        self.init()
        withUnsafeMutableBytes(of: &self) { raw in
            let lanesOut = raw.baseAddress!.assumingMemoryBound(to: Float.self)
            for lane in 0..<Swift.min(lanes, 8) { lanesOut[lane] = base[lane * stride] }
        }
    }
}
