extension ConvKernels {
    /// The bias's gradient: `gradient[c]` is the sum of channel `c` of `values`
    /// (`[batch, channels, plane]`) over the batch and the plane, accumulated in double
    /// precision so that large planes lose nothing in float32.
    static func channelSums<T: BLASScalar>(
        _ values: UnsafeBufferPointer<T>, batch: Int, channels: Int, plane: Int, threads: Int,
        cancellation: CancellationFlag?
    ) throws(EngineError) -> [T] {
        var sums = [T](repeating: 0, count: channels)
        guard let base = values.baseAddress, batch > 0, plane > 0 else { return sums }
        let input = UncheckedBox(base)
        sums.withUnsafeMutableBufferPointer { out in
            let result = UncheckedBox(out.baseAddress!)
            Lowering.parallelChunks(channels, threads: threads, grain: max(1, 16_384 / max(batch * plane, 1))) { range in
                for c in range {
                    if cancellation?.isCancelled == true { return }
                    var total = 0.0
                    for n in 0..<batch {
                        let row = input.value + (n * channels + c) * plane
                        // Four lanes, so the loop is not one long chain of dependent adds.
                        var lanes = (0.0, 0.0, 0.0, 0.0)
                        var p = 0
                        while p + 4 <= plane {
                            lanes.0 += Double(row[p]); lanes.1 += Double(row[p + 1])
                            lanes.2 += Double(row[p + 2]); lanes.3 += Double(row[p + 3])
                            p += 4
                        }
                        while p < plane { lanes.0 += Double(row[p]); p += 1 }
                        total += (lanes.0 + lanes.1) + (lanes.2 + lanes.3)
                    }
                    result.value[c] = T(total)
                }
            }
        }
        try cancellation.check()
        return sums
    }
}
