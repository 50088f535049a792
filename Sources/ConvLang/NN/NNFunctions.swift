import ConvEngine

/// `torch.nn.functional` beyond the convolutions (activations, interpolation, pixel
/// shuffle, pooling, batch norm, linear, fold/unfold, dropout), and the activations
/// `torch` also offers. The modules of the same names run these same builtins, so
/// each operation parses its arguments in one place.
enum NNFunctions {
    static let functional: [Builtin] = [relu, leakyReLU, tanh("torch.nn.functional.tanh"), sigmoid, interpolate, pixelShuffle, pixelUnshuffle,
                                        batchNorm, linear, unfold, fold, dropout]
        + (1...3).map(maxPool) + (1...3).map(avgPool)
    static let torch: [Builtin] = [tanh("torch.tanh"), torchReLU]

    /// The result of an activation, written back into the input with `inplace=True`
    /// (recorded as the activation's node when the graph is, as PyTorch's `relu_`).
    private static func activation(_ call: Call, inplace: Bool = false, _ body: (Tensor) throws(EngineError) -> Tensor) throws(Diagnostic) -> Value {
        guard case .tensor(let box) = call["input"] else { throw call.typeError("input", expected: "Tensor") }
        guard inplace else { return .tensor(try call.engine { () throws(EngineError) in try body(box.tensor) }) }
        try call.engine { () throws(EngineError) in try box.tensor.updateInPlace(body) }
        return .tensor(box)
    }

    static let relu = Builtin("torch.nn.functional.relu", "input, inplace=False", summary: "max(x, 0) for each element; inplace=True writes into input.",
                              example: "F.relu(x)") { (call) throws(Diagnostic) in
        try activation(call, inplace: try call.bool("inplace")) { (x) throws(EngineError) in try x.relu() }
    }

    static let torchReLU = Builtin("torch.relu", "input", summary: "max(x, 0) for each element.", example: "torch.relu(x)") { (call) throws(Diagnostic) in
        try activation(call) { (x) throws(EngineError) in try x.relu() }
    }

    static let leakyReLU = Builtin("torch.nn.functional.leaky_relu", "input, negative_slope=0.01, inplace=False",
                                   summary: "x for x > 0, negative_slope * x otherwise.", example: "F.leaky_relu(x, 0.2)") { (call) throws(Diagnostic) in
        let slope = try call.double("negative_slope"), inplace = try call.bool("inplace")
        return try activation(call, inplace: inplace) { (x) throws(EngineError) in try x.leakyReLU(negativeSlope: slope, inPlace: inplace) }
    }

    static func tanh(_ name: String) -> Builtin {
        Builtin(name, "input", summary: "The hyperbolic tangent of each element; integers give float32.", example: "torch.tanh(x)") { (call) throws(Diagnostic) in
            try activation(call) { (x) throws(EngineError) in x.tanh() }
        }
    }

    static let sigmoid = Builtin("torch.nn.functional.sigmoid", "input", summary: "1 / (1 + exp(-x)) for each element; integers give float32.",
                                 example: "F.sigmoid(x)") { (call) throws(Diagnostic) in
        try activation(call) { (x) throws(EngineError) in x.applying(.sigmoid) }
    }

    // MARK: - Resampling

    static let interpolate = Builtin("torch.nn.functional.interpolate",
                                     "input, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None, antialias=False",
                                     summary: "Resizes the spatial dimensions to size or by scale_factor: mode nearest, linear, bilinear or trilinear (align_corners for the linear ones).",
                                     example: "F.interpolate(x, scale_factor=2, mode='bilinear', align_corners=False)") { (call) throws(Diagnostic) in
        let x = try call.tensor("input")
        if try call.bool("antialias") {
            throw Diagnostic(.notImplemented, "ConvLang does not interpolate with antialias=True yet", call.range(of: "antialias"))
        }
        let size = try sizeArgument(call)
        let scale = try scaleArgument(call)
        let mode = try call.string("mode")
        let align: Bool? = if case .none = call["align_corners"] { nil } else { try call.bool("align_corners") }
        let recompute: Bool? = if case .none = call["recompute_scale_factor"] { nil } else { try call.bool("recompute_scale_factor") }
        return .tensor(try call.engine { () throws(EngineError) in
            try Interpolation.interpolate(x, size: size, scaleFactor: scale, mode: mode, alignCorners: align, recomputeScaleFactor: recompute)
        })
    }

    private static func sizeArgument(_ call: Call) throws(Diagnostic) -> Interpolation.Argument<Int>? {
        switch call["size"] {
        case .none: return nil
        case .int(let i): return .single(Int(i))
        case .list(let list) where list.items.allSatisfy(\.isInteger): return .perDimension(try call.ints("size"))
        case .tuple(let items) where items.allSatisfy(\.isInteger): return .perDimension(try call.ints("size"))
        case .size(let dims): return .perDimension(dims)
        case .list, .tuple:
            let types = (call["size"].listOrTupleItems ?? []).map { "<class '\($0.typeName)'>" }.joined(separator: ", ")
            throw Diagnostic(.type, "expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], but got size with types [\(types)]",
                             call.range(of: "size"))
        default: throw call.typeError("size", expected: "int or tuple of ints")
        }
    }

    private static func scaleArgument(_ call: Call) throws(Diagnostic) -> Interpolation.Argument<Scalar>? {
        func number(_ value: Value) throws(Diagnostic) -> Scalar {
            switch value {
            case .int(let i): return .int(i)
            case .float(let d): return .double(d)
            default: throw call.typeError("scale_factor", expected: "float or tuple of floats")
            }
        }
        switch call["scale_factor"] {
        case .none: return nil
        case .list(let list):
            var out: [Scalar] = []
            for item in list.items { out.append(try number(item)) }
            return .perDimension(out)
        case .tuple(let items):
            var out: [Scalar] = []
            for item in items { out.append(try number(item)) }
            return .perDimension(out)
        case let value: return .single(try number(value))
        }
    }

    static let pixelShuffle = Builtin("torch.nn.functional.pixel_shuffle", "input, upscale_factor",
                                      summary: "(*, C*r*r, H, W) to (*, C, H*r, W*r): channels traded for space.",
                                      example: "F.pixel_shuffle(x, 2)") { (call) throws(Diagnostic) in
        let (x, r) = (try call.tensor("input"), try call.int("upscale_factor"))
        return .tensor(try call.engine { () throws(EngineError) in try x.pixelShuffled(upscaleFactor: r) })
    }

    static let pixelUnshuffle = Builtin("torch.nn.functional.pixel_unshuffle", "input, downscale_factor",
                                        summary: "(*, C, H*r, W*r) to (*, C*r*r, H, W): space traded for channels.",
                                        example: "F.pixel_unshuffle(x, 2)") { (call) throws(Diagnostic) in
        let (x, r) = (try call.tensor("input"), try call.int("downscale_factor"))
        return .tensor(try call.engine { () throws(EngineError) in try x.pixelUnshuffled(downscaleFactor: r) })
    }

    // MARK: - Pooling

    private static func optionalInts(_ call: Call, _ name: String) throws(Diagnostic) -> [Int] {
        if case .none = call[name] { return [] }
        return try call.ints(name)
    }

    static func maxPool(_ rank: Int) -> Builtin {
        Builtin("torch.nn.functional.max_pool\(rank)d", "input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False",
                summary: "The largest element of each window (stride defaults to kernel_size); with return_indices, also where it was.",
                example: "F.max_pool\(rank)d(x, 2)") { (call) throws(Diagnostic) in
            let x = try call.tensor("input")
            let (k, s, p, d) = (try call.ints("kernel_size"), try optionalInts(call, "stride"), try call.ints("padding"), try call.ints("dilation"))
            let (ceil, indices) = (try call.bool("ceil_mode"), try call.bool("return_indices"))
            let (output, positions) = try call.engine { () throws(EngineError) in
                try Pooling.maxPool(x, spatialRank: rank, kernelSize: k, stride: s, padding: p, dilation: d, ceilMode: ceil, returnIndices: indices)
            }
            guard let positions else { return .tensor(output) }
            return .tuple([.tensor(output), .tensor(positions)])
        }
    }

    static func avgPool(_ rank: Int) -> Builtin {
        Builtin("torch.nn.functional.avg_pool\(rank)d",
                "input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True" + (rank == 1 ? "" : ", divisor_override=None"),
                summary: "The mean of each window (stride defaults to kernel_size); count_include_pad counts the padding in the divisor.",
                example: "F.avg_pool\(rank)d(x, 2)") { (call) throws(Diagnostic) in
            let x = try call.tensor("input")
            let (k, s, p) = (try call.ints("kernel_size"), try optionalInts(call, "stride"), try call.ints("padding"))
            let (ceil, include) = (try call.bool("ceil_mode"), try call.bool("count_include_pad"))
            let divisor = rank == 1 ? nil : try call.optionalInt("divisor_override")
            return .tensor(try call.engine { () throws(EngineError) in
                try Pooling.avgPool(x, spatialRank: rank, kernelSize: k, stride: s, padding: p, ceilMode: ceil,
                                    countIncludePad: include, divisorOverride: divisor)
            })
        }
    }

    // MARK: - Normalisation, linear, blocks, dropout

    static let batchNorm = Builtin("torch.nn.functional.batch_norm",
                                   "input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05",
                                   summary: "Each channel normalised by the batch's statistics (training, updating the running ones in place) or by the running ones.",
                                   example: "F.batch_norm(x, mean, var, training=True)") { (call) throws(Diagnostic) in
        let x = try call.tensor("input")
        let (mean, variance) = (try call.optionalTensor("running_mean"), try call.optionalTensor("running_var"))
        let (weight, bias) = (try call.optionalTensor("weight"), try call.optionalTensor("bias"))
        let (training, momentum, eps) = (try call.bool("training"), try call.double("momentum"), try call.double("eps"))
        return .tensor(try call.engine { () throws(EngineError) in
            try BatchNorm.batchNorm(x, runningMean: mean, runningVar: variance, weight: weight, bias: bias, training: training,
                                    momentum: momentum, eps: eps)
        })
    }

    static let linear = Builtin("torch.nn.functional.linear", "input, weight, bias=None", summary: "input @ weight.T + bias.",
                                example: "F.linear(x, w, b)") { (call) throws(Diagnostic) in
        let (x, w, b) = (try call.tensor("input"), try call.tensor("weight"), try call.optionalTensor("bias"))
        return .tensor(try call.engine { () throws(EngineError) in try x.linear(weight: w, bias: b) })
    }

    static let unfold = Builtin("torch.nn.functional.unfold", "input, kernel_size, dilation=1, padding=0, stride=1",
                                summary: "Every sliding block of a (N, C, H, W) input as a column (im2col): (N, C*kh*kw, blocks).",
                                example: "F.unfold(x, kernel_size=2)") { (call) throws(Diagnostic) in
        let x = try call.tensor("input")
        let (k, d, p, s) = (try call.ints("kernel_size"), try call.ints("dilation"), try call.ints("padding"), try call.ints("stride"))
        return .tensor(try call.engine { () throws(EngineError) in try SlidingBlocks.unfold(x, kernelSize: k, dilation: d, padding: p, stride: s) })
    }

    static let fold = Builtin("torch.nn.functional.fold", "input, output_size, kernel_size, dilation=1, padding=0, stride=1",
                              summary: "Columns summed back into a (N, C, H, W) output (col2im), overlapping elements added.",
                              example: "F.fold(cols, output_size=(4, 5), kernel_size=2)") { (call) throws(Diagnostic) in
        let x = try call.tensor("input")
        let (o, k) = (try call.ints("output_size"), try call.ints("kernel_size"))
        let (d, p, s) = (try call.ints("dilation"), try call.ints("padding"), try call.ints("stride"))
        return .tensor(try call.engine { () throws(EngineError) in
            try SlidingBlocks.fold(x, outputSize: o, kernelSize: k, dilation: d, padding: p, stride: s)
        })
    }

    static let dropout = Builtin("torch.nn.functional.dropout", "input, p=0.5, training=True, inplace=False",
                                 summary: "With training=False, the input unchanged; in training, refused (ConvLab does not draw PyTorch's dropout masks yet).",
                                 example: "F.dropout(x, 0.5, training=False)") { (call) throws(Diagnostic) in
        guard case .tensor(let box) = call["input"] else { throw call.typeError("input", expected: "Tensor") }
        let p = try call.double("p")
        guard p >= 0, p <= 1 else {
            throw Diagnostic(.value, "dropout probability has to be between 0 and 1, but got \(call["p"].strText)", call.range(of: "p"))
        }
        // ATen's `_dropout`: nothing drawn when not training, for p = 0 or an empty input;
        // p = 1 multiplies by zero. Any other p draws a mask, which ConvLab cannot yet.
        guard try call.bool("training"), p != 0, box.tensor.count > 0 else { return .tensor(box) }
        guard p == 1 else {
            throw Diagnostic(.notImplemented, "ConvLang does not draw dropout masks yet: dropout in training mode is refused (call model.eval(), or pass training=False)", call.range)
        }
        return try activation(call, inplace: try call.bool("inplace")) { (x) throws(EngineError) in try x.applying(.multiply, .int(0)) }
    }
}
