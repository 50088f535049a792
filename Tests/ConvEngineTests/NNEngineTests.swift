import Testing
@testable import ConvEngine

/// The storage and layer behaviour of the `torch.nn` engine operations that the
/// PyTorch fixture (NNOpsFixtureTests) does not see: in-place writes through views,
/// version counters, shared handles, and identities between the operations.
@Suite struct NNEngineTests {
    private func tensor(_ shape: [Int], seed: UInt64 = 1, dtype: DType = .float32) -> Tensor {
        var random = TestRandom(seed: seed)
        return random.tensor(shape, dtype: dtype)
    }

    @Test func batchNormUpdatesRunningStatisticsThroughViews() throws {
        let buffer = try Tensor.zeros([2, 3])
        try buffer.indexed([.integer(1)]).fill(.int(1))
        let mean = try buffer.indexed([.integer(0)]), variance = try buffer.indexed([.integer(1)])
        let before = buffer.version.value
        let x = tensor([4, 3, 2])
        _ = try BatchNorm.batchNorm(x, runningMean: mean, runningVar: variance, training: true, momentum: 0.5)
        #expect(buffer.version.value > before)
        let batchMean = try x.reduced(.mean, dims: [0, 2]).doubles
        let stored = buffer.doubles
        for c in 0..<3 { #expect(abs(stored[c] - 0.5 * batchMean[c]) < 1e-6) }
        // evaluation reads them and writes nothing
        let version = buffer.version.value
        _ = try BatchNorm.batchNorm(x, runningMean: mean, runningVar: variance, training: false)
        #expect(buffer.version.value == version)
    }

    /// Training statistics in float16 and bfloat16 are refused (PyTorch sums them in float32
    /// vector lanes, not as ConvLab sums float32's); evaluation, and float32 and float64
    /// training, run.
    @Test func batchStatisticsInHalfPrecisionAreRefused() throws {
        for dtype in [DType.float16, .bfloat16] {
            let x = tensor([4, 3, 2], dtype: dtype)
            do {
                _ = try BatchNorm.batchNorm(x, runningMean: nil, runningVar: nil, training: true)
                Issue.record("\(dtype) training was not refused")
            } catch {
                #expect(error.pythonType == "NotImplementedError")
                #expect(error.message.hasPrefix("ConvLab does not compute batch_norm's batch statistics in \(dtype.rawValue) yet"))
            }
            let statistics = tensor([3], dtype: dtype)
            let y = try BatchNorm.batchNorm(x, runningMean: statistics, runningVar: try statistics.absolute(), training: false)
            #expect(y.dtype == dtype)
        }
        for dtype in [DType.float32, .float64] {
            #expect(try BatchNorm.batchNorm(tensor([4, 3, 2], dtype: dtype), runningMean: nil, runningVar: nil, training: true).dtype == dtype)
        }
    }

    @Test func cumulativeMomentumAveragesTheBatchMeans() throws {
        let layer = try BatchNormLayer(spatialRank: 1, numFeatures: 2, momentum: nil)
        var means: [[Double]] = []
        for seed in 1...4 {
            let x = tensor([5, 2], seed: UInt64(seed))
            means.append(try x.reduced(.mean, dims: [0]).doubles)
            _ = try layer.forward(x, training: true)
        }
        #expect(try layer.numBatchesTracked!.item() == .int(4))
        let running = layer.runningMean!.doubles
        for c in 0..<2 { #expect(abs(running[c] - means.map { $0[c] }.reduce(0, +) / 4) < 1e-6) }
    }

    @Test func initWritesIntoTheViewOnly() throws {
        let weight = try Tensor.zeros([4, 6])
        let half = try weight.indexed([.slice(start: nil, stop: 2, step: nil)])
        let before = weight.version.value
        try Init.kaimingUniform(half, generator: RandomGenerator(seed: 3))
        #expect(weight.version.value > before)
        let values = weight.doubles
        #expect(values[..<12].allSatisfy { $0 != 0 })
        #expect(values[12...].allSatisfy { $0 == 0 })
        // the same draws as a fresh tensor of the view's shape
        let fresh = try Init.kaimingUniform(try Tensor.zeros([2, 6]), generator: RandomGenerator(seed: 3))
        #expect(Array(values[..<12]) == fresh.doubles)
    }

    @Test func linearLayerDrawsWeightThenBias() throws {
        let layer = try LinearLayer(inFeatures: 3, outFeatures: 2, generator: RandomGenerator(seed: 9))
        let generator = RandomGenerator(seed: 9)
        let weight = try generator.uniform([2, 3], from: -1 / 3.0.squareRoot(), to: 1 / 3.0.squareRoot())
        let bias = try generator.uniform([2], from: -1 / 3.0.squareRoot(), to: 1 / 3.0.squareRoot())
        #expect(layer.weight == weight)
        #expect(layer.bias! == bias)
        let x = tensor([5, 3])
        let expected = try x.matmul(try weight.matrixTransposed()).applying(.add, bias)
        #expect(closeness(try layer.forward(x), expected, rtol: 1e-6, atol: 1e-6) == nil)
    }

    @Test func foldOfUnfoldCountsTheOverlaps() throws {
        let x = tensor([2, 3, 5, 6])
        for (kernel, stride, padding) in [([2], [1], [0]), ([3], [2], [1]), ([2, 3], [1, 2], [1, 0])] {
            let columns = try SlidingBlocks.unfold(x, kernelSize: kernel, padding: padding, stride: stride)
            let back = try SlidingBlocks.fold(columns, outputSize: [5, 6], kernelSize: kernel, padding: padding, stride: stride)
            let ones = try SlidingBlocks.unfold(x.onesLike(), kernelSize: kernel, padding: padding, stride: stride)
            let counts = try SlidingBlocks.fold(ones, outputSize: [5, 6], kernelSize: kernel, padding: padding, stride: stride)
            #expect(closeness(back, try x.applying(.multiply, counts), rtol: 1e-6, atol: 1e-6) == nil)
        }
    }

    @Test func pixelShuffleRoundTripsIntoNewStorage() throws {
        let x = tensor([2, 12, 3, 4])
        let up = try x.pixelShuffled(upscaleFactor: 2)
        #expect(up.shape == [2, 3, 6, 8])
        #expect(!up.sharesStorage(with: x))
        #expect(try up.pixelUnshuffled(downscaleFactor: 2) == x)
        let same = try x.pixelShuffled(upscaleFactor: 1)
        #expect(same == x && !same.sharesStorage(with: x))
    }

    @Test func nearestByTwoRepeatsAndAlignedCornersKeepCorners() throws {
        let x = tensor([1, 2, 3, 4])
        let nearest = try Interpolation.interpolate(x, scaleFactor: .single(.int(2)))
        let xs = x.doubles, ys = nearest.doubles
        for plane in 0..<2 { for h in 0..<6 { for w in 0..<8 {
            #expect(ys[(plane * 6 + h) * 8 + w] == xs[(plane * 3 + h / 2) * 4 + w / 2])
        } } }
        let aligned = try Interpolation.interpolate(x, size: .perDimension([7, 9]), mode: "bilinear", alignCorners: true)
        let zs = aligned.doubles
        for plane in 0..<2 {
            #expect(zs[plane * 63] == xs[plane * 12])
            #expect(zs[plane * 63 + 62] == xs[plane * 12 + 11])
        }
    }

    @Test func poolingOutputSizesFollowTheCeilRule() throws {
        // Every window starts inside the input or its left padding, so none is empty.
        for size in 1...9 { for kernel in 1...4 { for stride in 1...3 { for pad in 0...(kernel / 2) {
            for ceil in [false, true] {
                let out = try PoolRequest.outputSize(size, kernel, pad, stride, 1, ceil)
                guard out >= 1 else { continue }
                #expect((out - 1) * stride < size + pad)
                let floorSize = (size + 2 * pad - kernel) / stride + 1
                #expect(out == floorSize || (ceil && out == floorSize + 1))
            }
        } } } }
    }

    @Test func maxPoolIndicesPointAtTheMaxima() throws {
        let x = tensor([2, 3, 7, 8])
        let (y, indices) = try Pooling.maxPool(x, spatialRank: 2, kernelSize: [3], stride: [2], padding: [1], returnIndices: true)
        let xs = x.doubles, ys = y.doubles, positions = indices!.elements(as: Int64.self)
        let outPlane = y.shape[2] * y.shape[3]
        for i in ys.indices {
            #expect(ys[i] == xs[(i / outPlane) * 56 + Int(positions[i])])
        }
    }
}
