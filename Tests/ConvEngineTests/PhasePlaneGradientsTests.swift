import Testing
@testable import ConvEngine

/// The phase-plane route of a transposed convolution's gradients
/// (``ConvKernels/phasePlaneGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:)``,
/// AVX2 + FMA) against the separate kernels, on the generated 1-D and 2-D geometries of
/// ``TransposedGradientsTests`` (500) with one, two and four threads; and its planes
/// against the definition.
@Suite(.enabled(if: SIMDSupport.haswell, "the route runs on AVX2 + FMA"))
struct PhasePlaneGradientsTests {
    @Test func phasePlanesMatchTheSeparateKernels() throws {
        let suite = TransposedGradientsTests()
        for (index, g) in TransposedGradientsTests.geometries(seed: 29, count: 500).enumerated() {
            #expect(ConvKernels.takesPhasePlanes(g), "\(g)")
            for threads in [1, 2, 4] {
                try EngineContext(computeThreads: threads).run {
                    try suite.compare(g, index: index, route: { (gy, x, w, gi, gw, g, resources, cancellation) throws(EngineError) in
                        try ConvKernels.phasePlaneGradients(gradOutput: gy, input: x, weight: w, gradInput: gi,
                                                            gradWeight: gw, geometry: g, resources: resources,
                                                            cancellation: cancellation)
                    })
                }
            }
        }
    }

    /// Every tap of every column-side position reads, through its plane and offset, the
    /// image position the definition pairs them with (`i * stride - padding + k * dilation`),
    /// or a zero where that falls outside the image.
    @Test func tapsReadTheirImagePositions() throws {
        try expectTapsReadTheirImagePositions(TransposedGradientsTests.geometries(seed: 31, count: 200))
    }

    /// The same on rows wide enough for the stride-2 copies' vectors, from either end of
    /// the row (16 or more elements a phase row, every padding and kernel width).
    @Test func wideStrideTwoRowsReadTheirImagePositions() throws {
        var geometries: [ConvGeometry] = []
        for width in 30...41 {
            for kernel in 1...5 {
                for padding in 0..<kernel {
                    let columns = (width + 2 * padding - kernel) / 2 + 1
                    geometries.append(ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: 1, columnChannelsPerGroup: 1,
                                                   imageSize: [5, width], columnSize: [3, columns], kernel: [2, kernel],
                                                   stride: [2, 2], paddingBefore: [1, padding], dilation: [1, 1]))
                }
            }
        }
        try expectTapsReadTheirImagePositions(geometries)
    }

    private func expectTapsReadTheirImagePositions(_ geometries: [ConvGeometry]) throws {
        for g in geometries {
            let planes = try #require(PhasePlanes(g))
            let plane = g.imagePlane
            let image = (0..<plane).map { Float($0 + 1) }
            var filled = [Float](repeating: .nan, count: planes.channelCount)
            image.withUnsafeBufferPointer { source in
                filled.withUnsafeMutableBufferPointer { planes.fill(channel: $0.baseAddress!, from: source.baseAddress!) }
            }
            for p in 0..<g.columnPlane {
                let (i, j) = (p / g.columnSize[2], p % g.columnSize[2])
                for k in 0..<g.kernelVolume {
                    let (ky, kx) = (k / g.kernel[2], k % g.kernel[2])
                    let y = i * g.stride[1] - g.paddingBefore[1] + ky * g.dilation[1]
                    let x = j * g.stride[2] - g.paddingBefore[2] + kx * g.dilation[2]
                    let inside = y >= 0 && y < g.imageSize[1] && x >= 0 && x < g.imageSize[2]
                    let expected: Float = inside ? image[y * g.imageSize[2] + x] : 0
                    let read = filled[planes.tapOffset(k) + planes.gridColumn(p)]
                    #expect(read == expected, "\(g) position \(p) tap \(k)")
                }
            }
        }
    }

    /// The bench's layers the route is measured faster on take it (grouped_convT,
    /// fcn_up8), those it is slower on do not (DCGAN's many channels, a 48-deep product).
    @Test func theMeasuredLayersTakeTheRoute() {
        func layer(batch: Int, groups: Int = 1, image: Int, columns: Int, imageSize: Int, columnSize: Int,
                   kernel: Int, stride: Int, padding: Int) -> ConvGeometry {
            ConvGeometry(batch: batch, groups: groups, imageChannelsPerGroup: image, columnChannelsPerGroup: columns,
                         imageSize: [imageSize, imageSize], columnSize: [columnSize, columnSize], kernel: [kernel, kernel],
                         stride: [stride, stride], paddingBefore: [padding, padding], dilation: [1, 1])
        }
        let groupedConvT = layer(batch: 8, groups: 4, image: 32, columns: 32, imageSize: 32, columnSize: 16,
                                 kernel: 4, stride: 2, padding: 1)
        let fcnUp8 = layer(batch: 1, image: 21, columns: 21, imageSize: 256, columnSize: 32, kernel: 16, stride: 8,
                           padding: 4)
        let dcgan2 = layer(batch: 16, image: 128, columns: 256, imageSize: 16, columnSize: 8, kernel: 4, stride: 2,
                           padding: 1)
        let dcgan4 = layer(batch: 16, image: 3, columns: 64, imageSize: 64, columnSize: 32, kernel: 4, stride: 2,
                           padding: 1)
        #expect(ConvKernels.prefersPhasePlanes(groupedConvT))
        #expect(ConvKernels.prefersPhasePlanes(fcnUp8))
        #expect(!ConvKernels.prefersPhasePlanes(dcgan2))
        #expect(!ConvKernels.prefersPhasePlanes(dcgan4))
    }

    /// Three axes of positions or a 3-D kernel are not the route's.
    @Test func onlyOneAndTwoDimensions() {
        let g = ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: 2, columnChannelsPerGroup: 2,
                             imageSize: [4, 4, 4], columnSize: [2, 2, 2], kernel: [2, 2, 2], stride: [2, 2, 2],
                             paddingBefore: [0, 0, 0], dilation: [1, 1, 1])
        #expect(PhasePlanes(g) == nil)
        #expect(!ConvKernels.takesPhasePlanes(g))
    }
}
