/// The shifted copies (``SubPixelShiftedInput``) that one band of the sub-pixel route's
/// panel products reads (``SubPixelPlan/Band``): per copy key, the rows of the band's
/// sample that its units' taps reach, for every input channel of the band's group.
///
/// The thread that runs the band makes them in its own scratch just before the band's
/// products, which then read them from that core's cache. Copies of a whole block of
/// samples, made first by all threads and read back by the products from memory, were a
/// quarter of grouped_convT's forward in the processes that ran it slow on the
/// project's machine (2.9 against 2.0 ms); made per band, they keep such a process at
/// 2.2 ms.
///
/// Layout: `[key][channel][row][Q2]`, key `k`'s rows from `firstRows[k]` on, one
/// channel's rows ``channelPitch`` elements after the previous channel's.
struct SubPixelBandCopies {
    let band: SubPixelPlan.Band
    /// Per key: the first row of the padded grid held (``SubPixelShiftedInput``), and how
    /// many rows (none for a key that no tap of the band reads).
    let firstRows: [Int]
    let rowCounts: [Int]
    /// The elements between one channel's rows and the next channel's, within a key.
    let channelPitch: Int
    private let inChannels: Int

    init(_ band: SubPixelPlan.Band, _ plan: SubPixelPlan) {
        let shifted = plan.shifted
        var low = [Int](repeating: .max, count: shifted.keys.count), high = [Int](repeating: 0, count: shifted.keys.count)
        for unit in band.units {
            let first = firstColumn(unit, sample: band.sample, plan)
            for (t, key) in shifted.tapKeys[unit.phase].enumerated() {
                let start = shifted.tapOffsets[unit.phase][t] + first
                low[key] = min(low[key], start)
                high[key] = max(high[key], start + unit.columns.count)
            }
        }
        var firstRows: [Int] = [], rowCounts: [Int] = []
        for (key, copy) in shifted.keys.enumerated() {
            let first = low[key] == .max ? 0 : low[key] / copy.width
            firstRows.append(first)
            rowCounts.append(low[key] == .max ? 0 : (high[key] + copy.width - 1) / copy.width - first)
        }
        self.band = band
        (self.firstRows, self.rowCounts) = (firstRows, rowCounts)
        channelPitch = zip(rowCounts, shifted.keys).map { $0 * $1.width }.max() ?? 0
        inChannels = plan.g.columnChannelsPerGroup
    }

    /// The elements the copies take.
    var count: Int { firstRows.count * inChannels * channelPitch }

    /// Makes the copies at `copies`, from the band's sample and group of the input.
    func fill<T: BLASScalar>(_ copies: UnsafeMutablePointer<T>, _ buffers: Buffers<T>, _ plan: SubPixelPlan) {
        let g = plan.g
        let input = buffers.input + buffers.columnOffset(g, band.sample, band.group, channels: inChannels)
        for key in firstRows.indices where rowCounts[key] > 0 {
            let rows = firstRows[key]..<firstRows[key] + rowCounts[key]
            for channel in 0..<inChannels {
                plan.shifted.fill(copies + (key * inChannels + channel) * channelPitch, key: key, rows: rows, g,
                                  plane: input + channel * g.columnPlane)
            }
        }
    }

    /// Where tap `t` of `unit` (one of the band's) reads the unit's first grid column in
    /// the copies at `copies`, for input channel 0; the next channels follow at
    /// ``channelPitch``.
    func operand<T>(_ unit: SubPixelPlan.Unit, tap t: Int, copies: UnsafePointer<T>, _ plan: SubPixelPlan)
        -> UnsafePointer<T>
    {
        let shifted = plan.shifted
        let key = shifted.tapKeys[unit.phase][t]
        let start = shifted.tapOffsets[unit.phase][t] + firstColumn(unit, sample: band.sample, plan)
        return copies + key * inChannels * channelPitch + start - firstRows[key] * shifted.keys[key].width
    }
}

/// The unit's first grid column, counted within its sample's grid.
private func firstColumn(_ unit: SubPixelPlan.Unit, sample: Int, _ plan: SubPixelPlan) -> Int {
    unit.columns.lowerBound - sample * plan.grid(plan.phases.phases[unit.phase]).pitch
}
