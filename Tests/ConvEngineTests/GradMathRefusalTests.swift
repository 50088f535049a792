import Testing
@testable import ConvEngine

/// Where the math and nn gradients refuse, or follow PyTorch into a refusal: no
/// formula for `//` (PyTorch's `NotImplemented` node), no second derivative through
/// the pooling and interpolation loops, no gradient of a variance without degrees of
/// freedom. Each must say so rather than give a wrong number.
@Suite(.ownEngineContext) struct GradMathRefusalTests {
    private func leaf(_ values: [Double], _ shape: [Int]) throws -> Tensor {
        let x = try Tensor(shape: shape, elements: values)
        try x.setRequiresGrad(true)
        return x
    }

    /// The suite's trait: a backward in a parallel test cannot switch this test's grad mode off.
    @Test func runsInAnEngineContextOfItsOwn() {
        #expect(EngineContext.current !== EngineContext.detached)
    }

    @Test func floorDivisionRecordsPyTorchsNotImplementedNode() throws {
        let x = try leaf([1, 2.5, -3], [3])
        let q = try Tensor.apply(.quotient, .tensor(x), .scalar(.int(2)))
        #expect(q.gradFn?.name == "NotImplemented")
        #expect(q.gradFn?.nextFunctions.count == 1)
        let error = #expect(throws: EngineError.self) { try q.reduced(.sum).backward() }
        #expect(error?.description == "RuntimeError: derivative for aten::floor_divide is not implemented")
        let r = try Tensor.apply(.remainder, .scalar(.int(2)), .tensor(x))
        #expect(r.gradFn?.name == "NotImplemented")
    }

    @Test func poolingRefusesASecondDerivative() throws {
        let x = try leaf((0..<16).map(Double.init), [1, 1, 4, 4])
        let y = try Pooling.maxPool(x, spatialRank: 2, kernelSize: [2]).output
        #expect(y.gradFn?.name == "MaxPool2DWithIndicesBackward0")
        let loss = try y.applying(.multiply, y).reduced(.sum)
        let error = #expect(throws: EngineError.self) {
            _ = try Autograd.grad(outputs: [loss], inputs: [x], gradOutputs: [nil], createGraph: true)
        }
        #expect(error?.description == "NotImplementedError: ConvLab does not compute the second derivative of max_pool2d yet")
        // Without create_graph the same pass runs.
        let grads = try Autograd.grad(outputs: [try y.reduced(.sum)], inputs: [x], gradOutputs: [nil])
        #expect(grads[0]?.elements(as: Double.self).reduce(0, +) == 4)
    }

    @Test func varianceWithoutDegreesOfFreedomRefusesItsGradient() throws {
        let x = try leaf([1, 2], [2])
        let v = try x.variance(correction: 3).tensor
        #expect(v.gradFn?.name == "VarBackward0")
        let error = #expect(throws: EngineError.self) { try v.backward() }
        #expect(error?.description == "NotImplementedError: ConvLab does not compute the gradient of var with no degrees of freedom yet")
    }

    @Test func oneDimensionalPoolingIsPyTorchsUnsqueezedTwoDimensionalOne() throws {
        let x = try leaf([1, 3, 2, 0, 5, 4], [1, 1, 6])
        let y = try Pooling.avgPool(x, spatialRank: 1, kernelSize: [2])
        #expect(y.gradFn?.name == "SqueezeBackward1")
        #expect(y.gradFn?.nextFunctions.first?.node?.name == "AvgPool2DBackward0")
        #expect(y.gradFn?.nextFunctions.first?.node?.nextFunctions.first?.node?.name == "UnsqueezeBackward0")
        try y.reduced(.sum).backward()
        #expect(x.grad?.elements(as: Double.self) == [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    }
}

/// A backward pass that records its graph through a formula PyTorch records under its
/// own double-backward node (`ThresholdBackwardBackward0`,
/// `NativeBatchNormBackwardBackward0`) is refused rather than given another `grad_fn`
/// (tanh and sigmoid record theirs: `SecondDerivativeTests`).
@Suite(.ownEngineContext) struct SecondDerivativeRefusalTests {
    @Test(arguments: ["relu", "batch_norm"])
    func recordedBackwardIsRefused(_ function: String) throws {
        let x = try Tensor(shape: [2, 2], elements: [-1.0, 2, 0.5, 3])
        try x.setRequiresGrad(true)
        let y: Tensor = switch function {
        case "relu": try x.relu()
        default: try BatchNorm.batchNorm(x, runningMean: nil, runningVar: nil, training: true)
        }
        let error = #expect(throws: EngineError.self) {
            _ = try Autograd.grad(outputs: [try y.reduced(.sum)], inputs: [x], gradOutputs: [nil], createGraph: true)
        }
        #expect(error?.description == "NotImplementedError: ConvLab does not compute the second derivative of \(function) yet")
        let plain = try Autograd.grad(outputs: [try y.reduced(.sum)], inputs: [x], gradOutputs: [nil])
        #expect(plain[0]?.shape == [2, 2])
    }
}
