import Testing
@testable import ConvEngine

/// `im2col` and `col2im` over a whole 1-D, 2-D or 3-D sample take ``PlanarTaps``' tables;
/// over a slice of positions they take the general walk. Both must agree for every
/// stride, dilation and padding, including padding wider than the image and kernels
/// that miss it entirely.
@Suite struct LoweringTests {
    /// Geometries drawn from a fixed seed: 1-D, 2-D and 3-D, stride 1 to 3, dilation 1
    /// to 2, padding 0 to 4, images of 1 to 7, columns of 1 to 6 per side.
    func geometries() -> [ConvGeometry] {
        var random = TestRandom(seed: 11)
        func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        return (0..<450).map { index in
            let rank = index % 3 + 1
            func sizes(_ range: ClosedRange<Int>) -> [Int] { (0..<rank).map { _ in draw(range) } }
            return ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: 3, columnChannelsPerGroup: 1,
                                imageSize: sizes(1...7), columnSize: sizes(1...6), kernel: sizes(1...4),
                                stride: sizes(1...3), paddingBefore: sizes(0...4), dilation: sizes(1...2))
        }
    }

    @Test func wholeSampleTablesMatchTheSlicedWalk() {
        for g in geometries() where g.columnPlane > 1 {
            let taps = PlanarTaps(g, start: 0, count: g.columnPlane)
            #expect(taps != nil)
            if let taps, g.stride[2] > 1 { #expect(PlanarTaps.PhaseRows(taps) != nil, "phase rows \(g)") }
            let channels = 1..<3, positions = g.columnPlane, split = positions / 2
            let rows = channels.count * g.kernelVolume, ldc = positions + 1
            // Integer values: sums are exact whatever order the two paths add in.
            let image = (0..<3 * g.imagePlane).map { Double($0 % 13 - 6) }
            let columns = (0..<rows * ldc).map { Double($0 % 7 - 3) }

            var whole = [Double](repeating: .nan, count: rows * ldc)
            var sliced = whole
            image.withUnsafeBufferPointer { image in
                whole.withUnsafeMutableBufferPointer { out in
                    Lowering.im2col(image: image.baseAddress!, columns: out.baseAddress!, ldc: ldc, geometry: g,
                                    start: 0, count: positions, channels: channels)
                }
                sliced.withUnsafeMutableBufferPointer { out in
                    Lowering.im2col(image: image.baseAddress!, columns: out.baseAddress!, ldc: ldc, geometry: g,
                                    start: 0, count: split, channels: channels)
                    Lowering.im2col(image: image.baseAddress!, columns: out.baseAddress! + split, ldc: ldc, geometry: g,
                                    start: split, count: positions - split, channels: channels)
                }
            }
            #expect(whole.map(\.bitPattern) == sliced.map(\.bitPattern), "im2col \(g)")

            var wholeImage = [Double](repeating: 0, count: 3 * g.imagePlane)
            var slicedImage = wholeImage
            columns.withUnsafeBufferPointer { columns in
                wholeImage.withUnsafeMutableBufferPointer { out in
                    Lowering.col2im(columns: columns.baseAddress!, ldc: ldc, image: out.baseAddress!, geometry: g,
                                    start: 0, count: positions, channels: channels)
                }
                slicedImage.withUnsafeMutableBufferPointer { out in
                    Lowering.col2im(columns: columns.baseAddress!, ldc: ldc, image: out.baseAddress!, geometry: g,
                                    start: 0, count: split, channels: channels)
                    Lowering.col2im(columns: columns.baseAddress! + split, ldc: ldc, image: out.baseAddress!, geometry: g,
                                    start: split, count: positions - split, channels: channels)
                }
            }
            #expect(wholeImage == slicedImage, "col2im \(g)")
            #expect(wholeImage[0..<g.imagePlane].allSatisfy { $0 == 0 }, "channel 0 is outside the range")
        }
    }

    /// Stride 2 in `Float` copies each tap's rows from the channel's phase rows
    /// (``PlanarTaps/PhaseRows``), sixteen bytes at a time: rows of 1 to 20 outputs, so
    /// every remainder and padding on either side, 500 geometries each compared with the sliced walk.
    /// (The Double geometries of ``wholeSampleTablesMatchTheSlicedWalk()`` take them too,
    /// with strides up to 3, dilation and a gap between the lowered rows.)
    @Test func floatStrideTwoPhaseRowsMatchTheSlicedWalk() {
        var random = TestRandom(seed: 12)
        func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        for index in 0..<500 {
            let rank = index % 2 + 1
            let columns = (0..<rank).map { _ in draw(1...20) }, kernel = (0..<rank).map { _ in draw(1...4) }
            let padding = (0..<rank).map { _ in draw(0...3) }
            let image = (0..<rank).map { max(1, 2 * (columns[$0] - 1) + kernel[$0] - 2 * padding[$0] + draw(-2...2)) }
            let g = ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: 2, columnChannelsPerGroup: 1,
                                 imageSize: image, columnSize: columns, kernel: kernel,
                                 stride: [Int](repeating: 2, count: rank), paddingBefore: padding,
                                 dilation: [Int](repeating: 1, count: rank))
            guard g.columnPlane > 1 else { continue }
            #expect(PlanarTaps.PhaseRows(PlanarTaps(g, start: 0, count: g.columnPlane)!) != nil)
            let values = (0..<2 * g.imagePlane).map { Float($0 % 11) - 5.5 }
            let (whole, sliced) = Self.lowered(values, g, channels: 2, split: g.columnPlane / 2)
            #expect(whole.map(\.bitPattern) == sliced.map(\.bitPattern), "im2col \(g)")
        }
    }

    /// `image` lowered whole and in two slices (at position `split`) by
    /// ``Lowering/im2col(image:columns:ldc:geometry:start:count:channels:)``, channels
    /// `0..<channels`: the whole sample takes ``PlanarTaps``, the slices the general walk.
    static func lowered(_ image: [Float], _ g: ConvGeometry, channels: Int, split: Int) -> (whole: [Float], sliced: [Float]) {
        let positions = g.columnPlane
        var whole = [Float](repeating: .nan, count: channels * g.kernelVolume * positions), sliced = whole
        image.withUnsafeBufferPointer { image in
            whole.withUnsafeMutableBufferPointer { out in
                Lowering.im2col(image: image.baseAddress!, columns: out.baseAddress!, ldc: positions, geometry: g,
                                start: 0, count: positions, channels: 0..<channels)
            }
            sliced.withUnsafeMutableBufferPointer { out in
                Lowering.im2col(image: image.baseAddress!, columns: out.baseAddress!, ldc: positions, geometry: g,
                                start: 0, count: split, channels: 0..<channels)
                Lowering.im2col(image: image.baseAddress!, columns: out.baseAddress! + split, ldc: positions,
                                geometry: g, start: split, count: positions - split, channels: 0..<channels)
            }
        }
        return (whole, sliced)
    }

    /// A channel whose phase rows would pass ``PlanarTaps/PhaseRows/stagingLimit`` is
    /// lowered with a gather per tap instead, and still matches the sliced walk.
    @Test func aChannelTooLargeToStageIsGatheredPerTap() {
        let g = ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: 1, columnChannelsPerGroup: 1,
                             imageSize: [1, 521, 521], columnSize: [1, 261, 261], kernel: [1, 3, 3],
                             stride: [1, 2, 2], paddingBefore: [0, 1, 1], dilation: [1, 1, 1])
        let taps = PlanarTaps(g, start: 0, count: g.columnPlane)!
        #expect(PlanarTaps.PhaseRows(taps) == nil)
        let values = (0..<g.imagePlane).map { Float($0 % 11) - 5.5 }
        let (whole, sliced) = Self.lowered(values, g, channels: 1, split: g.columnPlane / 3)
        #expect(whole.map(\.bitPattern) == sliced.map(\.bitPattern))
    }

    /// A stride of a billion (a fuzzed cell's `F.conv1d(..., stride=10**9)` made a phase row
    /// per phase and hung) stages only the phases its taps read; here with a second output
    /// column far outside the image, and the exact columns expected.
    @Test func aHugeStrideStagesOnlyThePhasesItsTapsRead() {
        let g = ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: 2, columnChannelsPerGroup: 1,
                             imageSize: [1, 1, 6], columnSize: [1, 1, 2], kernel: [1, 1, 3],
                             stride: [1, 1, 1_000_000_000], paddingBefore: [0, 0, 1], dilation: [1, 1, 1])
        let layout = PlanarTaps.PhaseRows(PlanarTaps(g, start: 0, count: g.columnPlane)!)
        #expect(layout?.firstColumn.count == 3)
        let values = (0..<2 * g.imagePlane).map { Float($0) + 1 }
        let (whole, sliced) = Self.lowered(values, g, channels: 2, split: 1)
        #expect(whole.map(\.bitPattern) == sliced.map(\.bitPattern))
        #expect(whole == [0, 0, 1, 0, 2, 0, 0, 0, 7, 0, 8, 0])
    }

    /// Stride 2 in `Float` scatters two taps at once (``PlanarTaps``' tap pairs): 500
    /// geometries (1-D to 3-D) with rows of 1 to 20 outputs (6 in 3-D), padding on either side, odd and even
    /// kernel widths and random (not integer) values, compared bit for bit with the
    /// definition's order (channel, then tap, then position), which PyTorch's col2im
    /// adds in.
    @Test func floatStrideTwoTapPairsAddInTheDefinitionsOrder() {
        var random = TestRandom(seed: 13)
        func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        for index in 0..<500 {
            let rank = index % 3 + 1
            let longest = rank == 3 ? 6 : 20
            let columns = (0..<rank).map { _ in draw(1...longest) }, kernel = (0..<rank).map { _ in draw(1...5) }
            let padding = (0..<rank).map { _ in draw(0...4) }
            let image = (0..<rank).map { max(1, 2 * (columns[$0] - 1) + kernel[$0] - 2 * padding[$0] + draw(-3...3)) }
            let stride = (0..<rank).map { $0 == rank - 1 ? 2 : draw(1...3) }
            let g = ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: 2, columnChannelsPerGroup: 1,
                                 imageSize: image, columnSize: columns, kernel: kernel, stride: stride,
                                 paddingBefore: padding, dilation: [Int](repeating: 1, count: rank))
            let positions = g.columnPlane, rows = 2 * g.kernelVolume, ldc = positions + draw(0...3)
            let values = (0..<rows * ldc).map { _ in Float.random(in: -1...1, using: &random) }
            var planar = [Float](repeating: 0.25, count: 2 * g.imagePlane), expected = planar
            values.withUnsafeBufferPointer { columns in
                planar.withUnsafeMutableBufferPointer { out in
                    Lowering.col2im(columns: columns.baseAddress!, ldc: ldc, image: out.baseAddress!, geometry: g,
                                    start: 0, count: positions, channels: 0..<2)
                }
            }
            definitionCol2im(values, ldc: ldc, into: &expected, g, channels: 0..<2)
            #expect(planar.map(\.bitPattern) == expected.map(\.bitPattern), "col2im \(g)")
        }
    }

    @Test func onlySlicedWorkKeepsTheGeneralWalk() {
        let volume = ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: 1, columnChannelsPerGroup: 1,
                                  imageSize: [2, 4, 4], columnSize: [2, 4, 4], kernel: [1, 3, 3],
                                  stride: [1, 1, 1], paddingBefore: [0, 1, 1], dilation: [1, 1, 1])
        #expect(PlanarTaps(volume, start: 0, count: volume.columnPlane) != nil)
        #expect(PlanarTaps(volume, start: 0, count: volume.columnPlane - 1) == nil)
        let plane = ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: 1, columnChannelsPerGroup: 1,
                                 imageSize: [4, 4], columnSize: [4, 4], kernel: [3, 3],
                                 stride: [1, 1], paddingBefore: [1, 1], dilation: [1, 1])
        #expect(PlanarTaps(plane, start: 1, count: plane.columnPlane - 1) == nil)
    }
}
