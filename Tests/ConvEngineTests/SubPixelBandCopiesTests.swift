import Testing
@testable import ConvEngine

/// The shifted copies against their definition (``SubPixelShiftedInput``: row `r` of a
/// copy of key `(offset, width)` holds input row `(r / paddedHeight - front,
/// r % paddedHeight - top)` from column `offset` on, zeros outside the input), in 1-D,
/// 2-D and 3-D: the copies of a whole block of samples, which the OpenBLAS products read,
/// and each band's (``SubPixelBandCopies``), which the panel products read, at every
/// tap's operand of every unit of every band, for every input channel and grid column the
/// unit reads. Copies start as NaN, so a row left unmade shows.
@Suite struct SubPixelBandCopiesTests {
    /// 150 generated 1-D and 2-D geometries, and two 3-D ones: copies several depth
    /// slices deep, one of them with rows before the input's (a tap reaching above it) in
    /// two groups.
    static func plans() throws -> [ConvPlan] {
        var random = TestRandom(seed: 29)
        let deep = try ConvPlan.transposed(
            random.integers([2, 4, 3, 5, 4], dtype: .float64), weight: random.integers([4, 3, 3, 2, 3], dtype: .float64),
            bias: nil, spatialRank: 3, stride: SpatialParameter([2, 3, 2]), padding: 1)
        let deeper = try ConvPlan.transposed(
            random.integers([1, 6, 4, 3, 3], dtype: .float64), weight: random.integers([6, 2, 4, 3, 2], dtype: .float64),
            bias: nil, spatialRank: 3, stride: SpatialParameter([3, 2, 2]), padding: SpatialParameter([2, 0, 1]), groups: 2)
        let plans = SubPixelKernelTests.cases(count: 150, seed: 23).map(\.plan) + [deep, deeper]
        #expect(SubPixelShiftedInput(deeper.geometry, SubPixelPhases(deeper.geometry)).top > 0)
        return plans
    }

    @Test func aBlocksCopiesAreTheirDefinition() throws {
        let plans = try Self.plans()
        #expect(plans.contains { $0.input.rank == 5 } && plans.contains { $0.input.rank == 3 })
        for plan in plans {
            let g = plan.geometry
            let subPixel = SubPixelPlan(g, threads: 1)
            let input = Self.input(g)
            let filled = input.withUnsafeBufferPointer { Self.blockCopies(from: $0.baseAddress!, subPixel) }
            let defined = Self.definedCopies(input, subPixel)
            #expect(RouteComparison.differing(filled, defined) == 0, "\(TransposedRouteCase(plan: plan))")
        }
    }

    @Test func everyBandReadsWhatTheDefinitionHolds() throws {
        let plans = try Self.plans()
        #expect(plans.contains { $0.groups > 1 && $0.input.rank == 5 })
        var bandsChecked = 0
        for plan in plans {
            for threads in [1, 2, 3] {
                let (mismatches, bands) = Self.compare(plan.geometry, threads: threads)
                #expect(mismatches == 0, "\(TransposedRouteCase(plan: plan)), \(threads) threads")
                bandsChecked += bands
            }
        }
        // Bands of part of a sample's grid (more bands than samples and groups) are among them.
        #expect(bandsChecked > 3 * plans.count)
    }

    /// The input of geometry `g`, every element different within 997 and none zero.
    static func input(_ g: ConvGeometry) -> [Double] {
        (0..<(g.batch * g.groups * g.columnChannelsPerGroup * g.columnPlane)).map { Double($0 % 997 + 1) }
    }

    /// The values that differ between the band copies' and the block copies' operands,
    /// over every band of the plan for `threads` threads, and how many bands there were.
    static func compare(_ g: ConvGeometry, threads: Int) -> (mismatches: Int, bands: Int) {
        let plan = SubPixelPlan(g, threads: threads)
        let inChannels = g.columnChannelsPerGroup
        let input = Self.input(g)
        let block = definedCopies(input, plan)
        let (weight, output) = ([0.0], [0.0])
        return input.withUnsafeBufferPointer { inputs in
            weight.withUnsafeBufferPointer { weights in
                var output = output
                return output.withUnsafeMutableBufferPointer { outputs in
                    let buffers = Buffers(input: inputs, weight: weights, output: outputs)
                    var mismatches = 0
                    let bands = plan.bands(samples: g.batch, threads: threads)
                    for band in bands {
                        let copies = SubPixelBandCopies(band, plan)
                        var local = [Double](repeating: .nan, count: copies.count)
                        local.withUnsafeMutableBufferPointer { copies.fill($0.baseAddress!, buffers, plan) }
                        for unit in band.units {
                            for t in plan.phases.phases[unit.phase].taps.indices {
                                let blockPitch = plan.channelPitch(unit, samples: g.batch)
                                let fromBlock = block.withUnsafeBufferPointer {
                                    plan.operand(unit, tap: t, copies: $0.baseAddress!, samples: g.batch) - $0.baseAddress!
                                }
                                let fromBand = local.withUnsafeBufferPointer {
                                    copies.operand(unit, tap: t, copies: $0.baseAddress!, plan) - $0.baseAddress!
                                }
                                for c in 0..<inChannels {
                                    for j in 0..<unit.columns.count {
                                        // A read outside the band's copies counts as a mismatch.
                                        let (here, there) = (fromBand + c * copies.channelPitch + j, fromBlock + c * blockPitch + j)
                                        if !local.indices.contains(here) || local[here] != block[there] { mismatches += 1 }
                                    }
                                }
                            }
                        }
                    }
                    return (mismatches, bands.count)
                }
            }
        }
    }

    /// The copies of every sample and group at once, laid out as the OpenBLAS products
    /// read them (``SubPixelPlan/operand(_:tap:copies:samples:)``), made by
    /// ``SubPixelShiftedInput/fill(_:key:samples:_:image:)``.
    static func blockCopies(from input: UnsafePointer<Double>, _ plan: SubPixelPlan) -> [Double] {
        let g = plan.g, inChannels = g.columnChannelsPerGroup
        var block = [Double](repeating: .nan, count: plan.groupCopies(samples: g.batch) * g.groups)
        block.withUnsafeMutableBufferPointer { copies in
            for group in 0..<g.groups {
                for key in plan.shifted.keys.indices {
                    for channel in 0..<inChannels {
                        plan.shifted.fill(copies.baseAddress! + start(group, key, channel, sample: 0, plan), key: key,
                                          samples: g.batch, g) { sample in
                            input + ((sample * g.groups + group) * inChannels + channel) * g.columnPlane
                        }
                    }
                }
            }
        }
        return block
    }

    /// The same copies from their definition, element by element.
    static func definedCopies(_ input: [Double], _ plan: SubPixelPlan) -> [Double] {
        let g = plan.g, shifted = plan.shifted, inChannels = g.columnChannelsPerGroup
        let (depth, height, width) = (g.columnSize[0], g.columnSize[1], g.columnSize[2])
        var block = [Double](repeating: .nan, count: plan.groupCopies(samples: g.batch) * g.groups)
        for group in 0..<g.groups {
            for (key, copy) in shifted.keys.enumerated() {
                for channel in 0..<inChannels {
                    for sample in 0..<g.batch {
                        let plane = ((sample * g.groups + group) * inChannels + channel) * g.columnPlane
                        let first = start(group, key, channel, sample: sample, plan)
                        for r in 0..<(shifted.paddedDepth * shifted.paddedHeight) {
                            let (z, y) = (r / shifted.paddedHeight - shifted.front, r % shifted.paddedHeight - shifted.top)
                            for x in 0..<copy.width {
                                let xi = x + copy.offset
                                let inside = (0..<depth).contains(z) && (0..<height).contains(y) && (0..<width).contains(xi)
                                block[first + r * copy.width + x] = inside ? input[plane + (z * height + y) * width + xi] : 0
                            }
                        }
                    }
                }
            }
        }
        return block
    }

    /// Where one sample's copy `key` of `channel` of `group` starts in the block's copies:
    /// `[group][key][channel][sample][grid]`.
    static func start(_ group: Int, _ key: Int, _ channel: Int, sample: Int, _ plan: SubPixelPlan) -> Int {
        let (g, pitch) = (plan.g, plan.shifted.pitch(width: plan.shifted.keys[key].width))
        return plan.groupCopies(samples: g.batch) * group + plan.copyStarts[key] * g.batch
            + (channel * g.batch + sample) * pitch
    }
}
