import Foundation
import Testing
@testable import ConvEngine

/// One case of `Fixtures/nn_ops.json` (written by scripts/generate_nn_ops_fixtures.py):
/// an operation, its inputs and arguments, and what PyTorch returned or raised.
struct NNOpsCase: Sendable, CustomTestStringConvertible {
    var id: String
    var op: String
    var inputs: [String: FixtureJSON]
    var args: [String: FixtureJSON]
    var expected: [String: FixtureJSON]?
    var errorType: String?
    var errorMessage: String?

    var testDescription: String { id }

    func input(_ name: String) -> Tensor? { inputs[name]?.tensor }
    func arg(_ name: String) -> FixtureJSON? { args[name].flatMap { $0.isNull ? nil : $0 } }

    static func load() throws -> [NNOpsCase] {
        guard let url = Bundle.module.url(forResource: "nn_ops", withExtension: "json", subdirectory: "Fixtures") else {
            throw Fixtures.FixtureError.missing("nn_ops")
        }
        let root = try JSONDecoder().decode(FixtureJSON.self, from: Data(contentsOf: url))
        return (root["cases"]?.array ?? []).map { c in
            func object(_ key: String) -> [String: FixtureJSON]? { if case .object(let o)? = c[key] { o } else { nil } }
            return NNOpsCase(id: c["id"]!.string!, op: c["op"]!.string!, inputs: object("inputs") ?? [:],
                             args: object("args") ?? [:], expected: object("expected"),
                             errorType: c["error"]?["type"]?.string, errorMessage: c["error"]?["message"]?.string)
        }
    }
}

/// What the engine gave for one case: tensors by name, or numbers.
enum NNOpsResult {
    case tensor(Tensor)
    case numbers([Double])
}

/// Runs one case through ConvEngine, as the PyTorch call of the fixture script.
enum NNOpsRunner {
    static func run(_ c: NNOpsCase) throws(EngineError) -> [String: NNOpsResult] {
        let x = c.input("input")
        switch c.op {
        case "relu": return ["output": .tensor(try x!.relu())]
        case "leaky_relu": return ["output": .tensor(try x!.leakyReLU(negativeSlope: c.arg("negative_slope")?.double ?? 0.01))]
        case "tanh": return ["output": .tensor(x!.tanh())]
        case "sigmoid": return ["output": .tensor(x!.applying(.sigmoid))]
        case "hardtanh":
            return ["output": .tensor(try x!.hardtanh(min: c.arg("min_val")?.double ?? -1, max: c.arg("max_val")?.double ?? 1))]
        case "elu": return ["output": .tensor(try x!.elu(alpha: c.arg("alpha")?.double ?? 1))]
        case "interpolate": return ["output": .tensor(try interpolate(c, x!))]
        case "pixel_shuffle": return ["output": .tensor(try x!.pixelShuffled(upscaleFactor: c.arg("upscale_factor")!.int!))]
        case "pixel_unshuffle":
            return ["output": .tensor(try x!.pixelUnshuffled(downscaleFactor: c.arg("downscale_factor")!.int!))]
        case "max_pool1d", "max_pool2d", "max_pool3d":
            let (output, indices) = try Pooling.maxPool(
                x!, spatialRank: rank(c.op), kernelSize: c.arg("kernel_size")!.ints!, stride: c.arg("stride")?.ints ?? [],
                padding: c.arg("padding")?.ints ?? [0], dilation: c.arg("dilation")?.ints ?? [1],
                ceilMode: c.arg("ceil_mode")?.bool ?? false, returnIndices: c.arg("return_indices")?.bool ?? false)
            var result: [String: NNOpsResult] = ["output": .tensor(output)]
            if let indices { result["indices"] = .tensor(indices) }
            return result
        case "avg_pool1d", "avg_pool2d", "avg_pool3d":
            return ["output": .tensor(try Pooling.avgPool(
                x!, spatialRank: rank(c.op), kernelSize: c.arg("kernel_size")!.ints!, stride: c.arg("stride")?.ints ?? [],
                padding: c.arg("padding")?.ints ?? [0], ceilMode: c.arg("ceil_mode")?.bool ?? false,
                countIncludePad: c.arg("count_include_pad")?.bool ?? true, divisorOverride: c.arg("divisor_override")?.int))]
        case "linear": return ["output": .tensor(try x!.linear(weight: c.input("weight")!, bias: c.input("bias")))]
        case "unfold":
            return ["output": .tensor(try SlidingBlocks.unfold(
                x!, kernelSize: c.arg("kernel_size")!.ints!, dilation: c.arg("dilation")?.ints ?? [1],
                padding: c.arg("padding")?.ints ?? [0], stride: c.arg("stride")?.ints ?? [1]))]
        case "fold":
            return ["output": .tensor(try SlidingBlocks.fold(
                x!, outputSize: c.arg("output_size")!.ints!, kernelSize: c.arg("kernel_size")!.ints!,
                dilation: c.arg("dilation")?.ints ?? [1], padding: c.arg("padding")?.ints ?? [0],
                stride: c.arg("stride")?.ints ?? [1]))]
        case "batch_norm": return try batchNorm(c, x!)
        case "batch_norm_module": return try batchNormModule(c)
        case "init": return ["output": .tensor(try initialise(c))]
        case "calculate_gain":
            return ["value": .numbers([try Init.calculateGain(c.arg("nonlinearity")!.string!, param: c.arg("param")?.scalar).doubleValue])]
        case "fan_in_and_fan_out":
            let (fanIn, fanOut) = try Init.fanInAndFanOut(TensorShape(c.arg("shape")!.ints!))
            return ["value": .numbers([Double(fanIn), Double(fanOut)])]
        case "linear_layer_init":
            let generator = RandomGenerator(seed: UInt64(c.arg("seed")!.int!))
            var result: [String: NNOpsResult] = [:]
            for (k, layer) in c.arg("layers")!.array!.enumerated() {
                let spec = layer.array!
                let made = try LinearLayer(inFeatures: spec[0].int!, outFeatures: spec[1].int!, bias: spec[2].bool!,
                                           dtype: DType(rawValue: c.arg("dtype")!.string!)!, generator: generator)
                result["weight\(k)"] = .tensor(made.weight)
                if let bias = made.bias { result["bias\(k)"] = .tensor(bias) }
            }
            return result
        case "batch_norm_layer_init":
            let layer = try BatchNormLayer(spatialRank: 2, numFeatures: c.arg("num_features")!.int!,
                                           affine: c.arg("affine")!.bool!, trackRunningStats: c.arg("track_running_stats")!.bool!,
                                           dtype: DType(rawValue: c.arg("dtype")!.string!)!)
            let named: [(String, Tensor?)] = [("weight", layer.weight), ("bias", layer.bias), ("running_mean", layer.runningMean),
                                              ("running_var", layer.runningVar), ("num_batches_tracked", layer.numBatchesTracked)]
            return Dictionary(uniqueKeysWithValues: named.compactMap { name, t in t.map { (name, NNOpsResult.tensor($0)) } })
        default:
            fatalError("unknown op \(c.op)")
        }
    }

    private static func rank(_ op: String) -> Int { Int(String(op[op.index(op.endIndex, offsetBy: -2)]))! }

    private static func interpolate(_ c: NNOpsCase, _ x: Tensor) throws(EngineError) -> Tensor {
        var size: Interpolation.Argument<Int>?
        if let s = c.arg("size") { size = s.array.map { .perDimension($0.map(\.int!)) } ?? .single(s.int!) }
        var scale: Interpolation.Argument<Scalar>?
        if let s = c.arg("scale_factor") { scale = s.array.map { .perDimension($0.map(\.scalar!)) } ?? .single(s.scalar!) }
        return try Interpolation.interpolate(x, size: size, scaleFactor: scale, mode: c.arg("mode")?.string ?? "nearest",
                                             alignCorners: c.arg("align_corners")?.bool,
                                             recomputeScaleFactor: c.arg("recompute_scale_factor")?.bool)
    }

    private static func batchNorm(_ c: NNOpsCase, _ x: Tensor) throws(EngineError) -> [String: NNOpsResult] {
        let runningMean = c.input("running_mean"), runningVar = c.input("running_var")
        let output = try BatchNorm.batchNorm(x, runningMean: runningMean, runningVar: runningVar, weight: c.input("weight"),
                                             bias: c.input("bias"), training: c.arg("training")!.bool!,
                                             momentum: c.arg("momentum")!.double!, eps: c.arg("eps")!.double!)
        var result: [String: NNOpsResult] = ["output": .tensor(output)]
        if let runningMean { result["running_mean"] = .tensor(runningMean) }
        if let runningVar { result["running_var"] = .tensor(runningVar) }
        return result
    }

    private static func batchNormModule(_ c: NNOpsCase) throws(EngineError) -> [String: NNOpsResult] {
        let layer = try BatchNormLayer(spatialRank: c.arg("dims")!.int!, numFeatures: c.arg("num_features")!.int!,
                                       eps: c.arg("eps")!.double!, momentum: c.arg("momentum")?.double,
                                       affine: c.arg("affine")!.bool!, trackRunningStats: c.arg("track_running_stats")!.bool!)
        var result: [String: NNOpsResult] = [:]
        for (k, training) in c.arg("training")!.array!.enumerated() {
            result["output\(k)"] = .tensor(try layer.forward(c.input("input\(k)")!, training: training.bool!))
        }
        if let mean = layer.runningMean { result["running_mean"] = .tensor(mean) }
        if let variance = layer.runningVar { result["running_var"] = .tensor(variance) }
        if let count = layer.numBatchesTracked { result["num_batches_tracked"] = .tensor(count) }
        return result
    }

    private static func initialise(_ c: NNOpsCase) throws(EngineError) -> Tensor {
        let tensor = try Tensor.zeros(c.arg("shape")!.ints!, dtype: DType(rawValue: c.arg("dtype")!.string!)!)
        let generator = RandomGenerator(seed: UInt64(c.arg("seed")!.int!))
        let p = c.arg("params")!
        func number(_ key: String, _ fallback: Double) -> Double { p[key]?.double ?? fallback }
        switch c.arg("fn")!.string! {
        case "uniform_": try Init.uniform(tensor, a: number("a", 0), b: number("b", 1), generator: generator)
        case "normal_": try Init.normal(tensor, mean: number("mean", 0), std: number("std", 1), generator: generator)
        case "trunc_normal_":
            try Init.truncNormal(tensor, mean: number("mean", 0), std: number("std", 1), a: number("a", -2), b: number("b", 2),
                                 generator: generator)
        case "constant_": try Init.constant(tensor, p["val"]!.scalar!)
        case "zeros_": try Init.zeros(tensor)
        case "ones_": try Init.ones(tensor)
        case "xavier_uniform_": try Init.xavierUniform(tensor, gain: number("gain", 1), generator: generator)
        case "xavier_normal_": try Init.xavierNormal(tensor, gain: number("gain", 1), generator: generator)
        case "kaiming_uniform_", "kaiming_normal_":
            let a = p["a"]?.scalar ?? .int(0), mode = p["mode"]?.string ?? "fan_in"
            let nonlinearity = p["nonlinearity"]?.string ?? "leaky_relu"
            if c.arg("fn")!.string! == "kaiming_uniform_" {
                try Init.kaimingUniform(tensor, a: a, mode: mode, nonlinearity: nonlinearity, generator: generator)
            } else {
                try Init.kaimingNormal(tensor, a: a, mode: mode, nonlinearity: nonlinearity, generator: generator)
            }
        default: fatalError("unknown init \(c.arg("fn")!)")
        }
        return tensor
    }
}
