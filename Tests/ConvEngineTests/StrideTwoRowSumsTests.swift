import Testing
@testable import ConvEngine

/// ``StrideTwoRowSums`` writes a whole sample's image channels from its columns as
/// zeroing them and adding every column entry in `col2im`'s order would, to the bit,
/// whatever the planes held before, and touches no other channel.
@Suite(.enabled(if: SIMDSupport.haswell, "the kernel runs on AVX2")) struct StrideTwoRowSumsTests {
    @Test func rowsWrittenAtOnceAreTheDefinitionsSums() throws {
        var random = TestRandom(seed: 29)
        func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        let specials: [Float] = [0, -0.0, .infinity, -.infinity, 1e30, -1e30]
        for index in 0..<500 {
            let rank = index % 3 + 1
            let longest = rank == 3 ? 5 : index % 5 == 0 ? 40 : 12
            let columns = (0..<rank).map { _ in draw(1...longest) }, kernel = (0..<rank).map { _ in draw(1...5) }
            let padding = (0..<rank).map { _ in draw(0...4) }
            let stride = (0..<rank).map { $0 == rank - 1 ? 2 : draw(1...3) }
            let dilation = (0..<rank).map { $0 == rank - 1 ? 1 : draw(1...2) }
            let image = (0..<rank).map {
                max(1, stride[$0] * (columns[$0] - 1) + dilation[$0] * (kernel[$0] - 1) + 1 - 2 * padding[$0] + draw(-3...3))
            }
            let channelCount = draw(1...3)
            let g = ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: channelCount, columnChannelsPerGroup: 1,
                                 imageSize: image, columnSize: columns, kernel: kernel, stride: stride,
                                 paddingBefore: padding, dilation: dilation)
            let sums = try #require(StrideTwoRowSums(g, Float.self))
            let first = draw(0...channelCount - 1)
            let channels = first..<draw(first + 1...channelCount)
            // Two samples' columns side by side, the second's written, rows a little apart.
            let positions = g.columnPlane, rows = channels.count * g.kernelVolume
            let ldc = 2 * positions + draw(0...3)
            let values = (0..<rows * ldc).map { _ in
                draw(0...9) == 0 ? specials[draw(0...specials.count - 1)] : Float.random(in: -1...1, using: &random)
            }
            let stale = Float(bitPattern: 0x7FC0_1234)
            var written = [Float](repeating: stale, count: channelCount * g.imagePlane), expected = written
            values.withUnsafeBufferPointer { columns in
                written.withUnsafeMutableBufferPointer { out in
                    sums.write(columns: columns.baseAddress! + positions, ldc: ldc, image: out.baseAddress!,
                               channels: channels)
                }
            }
            // The definition, in col2im's order, on zeroed planes.
            for channel in channels {
                for i in 0..<g.imagePlane { expected[channel * g.imagePlane + i] = 0 }
            }
            definitionCol2im(values, ldc: ldc, offset: positions, into: &expected, g, channels: channels)
            let differing = zip(written, expected).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "\(differing) elements differ: \(g) channels \(channels)")
        }
    }

    @Test func onlyAStrideOfTwoAlongTheRowIsWrittenAtOnce() {
        func geometry(stride: Int, dilation: Int) -> ConvGeometry {
            ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: 1, columnChannelsPerGroup: 1,
                         imageSize: [8, 8], columnSize: [4, 4], kernel: [3, 3], stride: [1, stride],
                         paddingBefore: [1, 1], dilation: [1, dilation])
        }
        #expect(StrideTwoRowSums(geometry(stride: 2, dilation: 1), Float.self) != nil)
        #expect(StrideTwoRowSums(geometry(stride: 2, dilation: 1), Double.self) == nil)
        #expect(StrideTwoRowSums(geometry(stride: 1, dilation: 1), Float.self) == nil)
        #expect(StrideTwoRowSums(geometry(stride: 3, dilation: 1), Float.self) == nil)
        #expect(StrideTwoRowSums(geometry(stride: 2, dilation: 2), Float.self) == nil)
    }
}
