import Testing
@testable import ConvEngine

/// Each teaching formulation is a real computation that must equal the fast path for
/// every parameter combination; conv_transpose must be conv's adjoint.
@Suite struct FormulationTests {
    /// Runs `check` on `count` random configurations whose output is valid.
    func forRandomPlans(count: Int, seed: UInt64, dtype: DType = .float64,
                        _ check: (ConvPlan, RandomTransposedCase) throws -> Void) throws {
        var random = TestRandom(seed: seed)
        var checked = 0
        while checked < count {
            let config = RandomTransposedCase(using: &random)
            guard let plan = try? config.plan(using: &random, dtype: dtype) else { continue }
            try check(plan, config)
            checked += 1
        }
    }

    @Test func scatterAddEqualsFastPath() throws {
        try forRandomPlans(count: 150, seed: 1) { plan, config in
            let fast = try plan.run()
            let trace = try Formulation.scatterAdd(plan)
            #expect(closeness(trace.output, fast, rtol: 1e-9, atol: 1e-9) == nil, "\(config)")
        }
    }

    @Test func zeroInsertionEqualsFastPath() throws {
        try forRandomPlans(count: 150, seed: 2) { plan, config in
            let fast = try plan.run()
            let trace = try Formulation.zeroInsertion(plan)
            #expect(closeness(trace.output, fast, rtol: 1e-9, atol: 1e-9) == nil, "\(config)")
            for (d, derivation) in trace.derivations.enumerated() {
                #expect(trace.zeroInserted.shape[d + 2] == derivation.dilatedSize)
                #expect(trace.padded.shape[d + 2] == derivation.paddedSize)
            }
        }
    }

    @Test func matrixFormEqualsFastPath() throws {
        try forRandomPlans(count: 150, seed: 3) { plan, config in
            let fast = try plan.run()
            let trace = try Formulation.matrixForm(plan)
            #expect(closeness(trace.output, fast, rtol: 1e-9, atol: 1e-9) == nil, "\(config)")
        }
    }

    @Test func formulationsAgreeInFloat32() throws {
        try forRandomPlans(count: 40, seed: 4, dtype: .float32) { plan, config in
            let fast = try plan.run()
            #expect(fast.dtype == .float32)
            #expect(closeness(try Formulation.scatterAdd(plan).output, fast, rtol: 1e-5, atol: 1e-5) == nil, "\(config)")
            #expect(closeness(try Formulation.zeroInsertion(plan).output, fast, rtol: 1e-5, atol: 1e-5) == nil, "\(config)")
            #expect(closeness(try Formulation.matrixForm(plan).output, fast, rtol: 1e-5, atol: 1e-5) == nil, "\(config)")
        }
    }

    /// <conv(x, w), y> = <x, conv_transpose(y, w)> with the same stride, padding,
    /// dilation and groups, and the output padding that restores x's size.
    @Test func transposedConvolutionIsTheAdjointOfConvolution() throws {
        var random = TestRandom(seed: 5)
        var checked = 0
        while checked < 200 {
            let config = RandomTransposedCase(using: &random)
            let inChannels = config.groups * config.inPerGroup
            let outChannels = config.groups * config.outPerGroup
            let x = random.tensor([config.batch, inChannels] + config.inputSize.map { $0 + 3 })
            let w = random.tensor([outChannels, config.inPerGroup] + config.kernel)
            let padding = zip(config.padding, zip(config.dilation, config.kernel)).map { min($0, $1.0 * ($1.1 - 1)) }
            guard let y = try? Convolution.convolution(
                x, weight: w, spatialRank: config.rank, stride: SpatialParameter(config.stride),
                padding: .explicit(padding), dilation: SpatialParameter(config.dilation), groups: config.groups)
            else { continue }
            let outputPadding = (0..<config.rank).map { d in
                ShapeArithmetic.convolution(ConvDimension(
                    inputSize: x.shape[d + 2], kernelSize: config.kernel[d], stride: config.stride[d],
                    padding: padding[d], dilation: config.dilation[d])).unusedAtEnd
            }
            let probe = random.tensor(y.shape.dimensions)
            let back = try Convolution.transposedConvolution(
                probe, weight: w, spatialRank: config.rank, stride: SpatialParameter(config.stride),
                padding: SpatialParameter(padding), outputPadding: SpatialParameter(outputPadding),
                groups: config.groups, dilation: SpatialParameter(config.dilation))
            #expect(back.shape == x.shape, "\(config)")
            let left = zip(y.doubles, probe.doubles).reduce(0) { $0 + $1.0 * $1.1 }
            let right = zip(x.doubles, back.doubles).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(left - right) <= 1e-9 * max(1, abs(left)), "\(config): \(left) vs \(right)")
            checked += 1
        }
    }

    @Test func matrixOfTransposedIsTheTransposeOfTheConvolutionMatrix() throws {
        var random = TestRandom(seed: 6)
        let w = random.tensor([1, 1, 3, 3])
        let conv = try Formulation.matrixForm(ConvPlan.convolution(random.tensor([1, 1, 4, 4]), weight: w, spatialRank: 2))
        let transposed = try Formulation.matrixForm(ConvPlan.transposed(random.tensor([1, 1, 2, 2]), weight: w, spatialRank: 2))
        #expect(conv.matrix.shape == [4, 16])
        #expect(transposed.matrix.shape == [16, 4])
        #expect(try transposed.matrix == conv.matrix.transposed(0, 1))
    }

    @Test func matrixFormRefusesHugeMatrices() throws {
        let plan = try ConvPlan.convolution(Tensor.zeros([1, 1, 64, 64]), weight: Tensor.zeros([1, 1, 3, 3]), spatialRank: 2)
        let error = #expect(throws: EngineError.self) { try Formulation.matrixForm(plan) }
        #expect(error?.kind == .limit)
        #expect(error?.message == "the matrix of this conv2d would be 3844 x 4096 = 15745024 entries; ConvLab builds it only up to 1000000 entries")
    }

    @Test func scatterAddContributionIsOneElementTimesTheKernel() throws {
        let x = try Tensor(shape: [1, 1, 2, 2], elements: [Float](arrayLiteral: 0, 1, 2, 3))
        let k = try Tensor(shape: [1, 1, 2, 2], elements: [Float](arrayLiteral: 0, 1, 2, 3))
        let trace = try Formulation.scatterAdd(ConvPlan.transposed(x, weight: k, spatialRank: 2))
        let piece = try trace.contribution(batch: 0, inputChannel: 0, position: [1, 0])
        #expect(piece.shape == [1, 3, 3])
        #expect(piece.doubles == [0, 0, 0, 0, 2, 0, 4, 6, 0])
        #expect(throws: EngineError.self) { try trace.contribution(batch: 0, inputChannel: 0, position: [2, 0]) }
    }

    @Test func formulationsOfAConvolutionAreRefusedWhereTheyDoNotApply() throws {
        let plan = try ConvPlan.convolution(Tensor.zeros([1, 1, 4, 4]), weight: Tensor.zeros([1, 1, 3, 3]), spatialRank: 2)
        #expect(throws: EngineError.self) { try Formulation.scatterAdd(plan) }
        #expect(throws: EngineError.self) { try Formulation.zeroInsertion(plan) }
    }

    @Test func cancellationStopsTheWork() throws {
        let flag = CancellationFlag()
        flag.cancel()
        let x = try Tensor.ones([1, 4, 16, 16]), w = try Tensor.ones([4, 4, 3, 3])
        let error = #expect(throws: EngineError.self) {
            try Convolution.convolution(x, weight: w, spatialRank: 2, cancellation: flag)
        }
        #expect(error == .cancelled)
        let plan = try ConvPlan.transposed(x, weight: w, spatialRank: 2)
        #expect(throws: EngineError.cancelled) { try plan.run(cancellation: flag) }
        #expect(throws: EngineError.cancelled) { try Formulation.scatterAdd(plan, cancellation: flag) }
        flag.reset()
        #expect(try plan.run(cancellation: flag).shape == [1, 4, 18, 18])
    }
}
