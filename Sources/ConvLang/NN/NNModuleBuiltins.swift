import ConvEngine

/// The `torch.nn` module classes beyond the convolutions (`Sequential`, `ReLU`,
/// `BatchNorm2d`, ...), each a constructor returning a ``ModuleObject``.
enum NNModuleBuiltins {
    static let all: [Builtin] = ContainerModules.constructors + (1...3).map(BatchNormModule.constructor) + [LinearModule.constructor]
        + activations + resampling + (1...3).map(maxPool) + (1...3).map(avgPool)

    static let activations: [Builtin] = [
        FunctionalModule.constructor("ReLU", "inplace=False", summary: "max(x, 0) for each element.", example: "nn.ReLU(inplace=True)",
                                     function: NNFunctions.relu, arguments: ["inplace"]) { m in
            m.field("inplace").isTrue ? "inplace=True" : ""
        },
        FunctionalModule.constructor("LeakyReLU", "negative_slope=0.01, inplace=False", summary: "x for x > 0, negative_slope * x otherwise.",
                                     example: "nn.LeakyReLU(0.2, inplace=True)", function: NNFunctions.leakyReLU,
                                     arguments: ["negative_slope", "inplace"]) { m in
            "negative_slope=\(m.field("negative_slope").strText)" + (m.field("inplace").isTrue ? ", inplace=True" : "")
        },
        FunctionalModule.constructor("Tanh", "", summary: "The hyperbolic tangent of each element.", example: "nn.Tanh()",
                                     function: NNFunctions.tanh("torch.tanh")) { _ in "" },
        FunctionalModule.constructor("Sigmoid", "", summary: "1 / (1 + exp(-x)) for each element.", example: "nn.Sigmoid()",
                                     function: NNFunctions.sigmoid) { _ in "" },
        FunctionalModule.constructor("Identity", "*args, **kwargs", summary: "Returns its input (its arguments are ignored).", example: "nn.Identity()",
                                     function: nil) { _ in "" },
        FunctionalModule.constructor("Flatten", "start_dim=1, end_dim=-1", summary: "Dimensions start_dim to end_dim merged into one.",
                                     example: "nn.Flatten()", function: TensorMethodBuiltins.torchFunctions.first { $0.name == "flatten" },
                                     arguments: ["start_dim", "end_dim"]) { m in m.keyValues(["start_dim", "end_dim"]) },
        FunctionalModule.constructor("Unflatten", "dim, unflattened_size", summary: "Dimension dim split into unflattened_size.",
                                     example: "nn.Unflatten(1, (16, 4, 4))", function: TensorMethodBuiltins.torchFunctions.first { $0.name == "unflatten" },
                                     arguments: ["dim", "unflattened_size"], renamed: ["unflattened_size": "sizes"],
                                     fields: { (call) throws(Diagnostic) in
                                         guard case .int = call["dim"] else {
                                             throw Diagnostic(.notImplemented, "ConvLang does not unflatten named dimensions yet", call.range(of: "dim"))
                                         }
                                         let size = call["unflattened_size"]
                                         guard let items = size.listOrTupleItems ?? (size.isSize ? [] : nil) else {
                                             throw Diagnostic(.type, "unflattened_size must be a tuple of ints, but found type \(size.typeName)", call.range(of: "unflattened_size"))
                                         }
                                         for (i, item) in items.enumerated() where !item.isInteger {
                                             throw Diagnostic(.type, "unflattened_size must be tuple of ints, but found element of type \(item.typeName) at pos \(i)", call.range(of: "unflattened_size"))
                                         }
                                         return [("dim", call["dim"]), ("unflattened_size", size)]
                                     }) { m in "dim=\(m.field("dim").strText), unflattened_size=\(m.field("unflattened_size").reprText)" },
        FunctionalModule.constructor("Dropout", "p=0.5, inplace=False", summary: "The input in evaluation mode; in training, refused (ConvLab does not draw dropout masks yet).",
                                     example: "nn.Dropout(0.5)", function: NNFunctions.dropout, arguments: ["p", "inplace"], passesTraining: true,
                                     fields: { (call) throws(Diagnostic) in
                                         let p = try call.double("p")
                                         guard p >= 0, p <= 1 else {
                                             throw Diagnostic(.value, "dropout probability has to be between 0 and 1, but got \(call["p"].strText)", call.range(of: "p"))
                                         }
                                         return [("p", call["p"]), ("inplace", call["inplace"])]
                                     }) { m in m.keyValues(["p", "inplace"]) },
    ]

    static let resampling: [Builtin] = [
        FunctionalModule.constructor("PixelShuffle", "upscale_factor", summary: "(*, C*r*r, H, W) to (*, C, H*r, W*r).", example: "nn.PixelShuffle(2)",
                                     function: NNFunctions.pixelShuffle, arguments: ["upscale_factor"]) { m in m.keyValues(["upscale_factor"]) },
        FunctionalModule.constructor("PixelUnshuffle", "downscale_factor", summary: "(*, C, H*r, W*r) to (*, C*r*r, H, W).", example: "nn.PixelUnshuffle(2)",
                                     function: NNFunctions.pixelUnshuffle, arguments: ["downscale_factor"]) { m in m.keyValues(["downscale_factor"]) },
        FunctionalModule.constructor("Upsample", "size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None",
                                     summary: "F.interpolate as a module: to size or by scale_factor, mode nearest, linear, bilinear or trilinear.",
                                     example: "nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False)", function: NNFunctions.interpolate,
                                     arguments: ["size", "scale_factor", "mode", "align_corners", "recompute_scale_factor"],
                                     fields: { (call) throws(Diagnostic) in
                                         [("name", .string("Upsample")), ("size", call["size"]), ("scale_factor", try upsampleScale(call)),
                                          ("mode", call["mode"]), ("align_corners", call["align_corners"]),
                                          ("recompute_scale_factor", call["recompute_scale_factor"])]
                                     }) { m in
            let scale = m.field("scale_factor")
            let info = scale.isNone ? "size=" + m.field("size").reprText : "scale_factor=" + scale.reprText
            return info + ", mode=" + m.field("mode").reprText
        },
    ]

    /// `Upsample`'s `float(scale_factor) if scale_factor else None` (each item of a tuple).
    private static func upsampleScale(_ call: Call) throws(Diagnostic) -> Value {
        func float(_ value: Value) throws(Diagnostic) -> Value {
            switch value {
            case .int(let i): return .float(Double(i))
            case .float(let d): return .float(d)
            case .bool(let b): return .float(b ? 1 : 0)
            default: throw Diagnostic(.type, "float() argument must be a string or a real number, not '\(value.typeName)'", call.range(of: "scale_factor"))
            }
        }
        let scale = call["scale_factor"]
        if case .tuple(let items) = scale {
            var out: [Value] = []
            for item in items { out.append(try float(item)) }
            return .tuple(out)
        }
        return try scale.truthValue(at: call.range(of: "scale_factor")) ? try float(scale) : .none
    }

    static func maxPool(_ rank: Int) -> Builtin {
        FunctionalModule.constructor("MaxPool\(rank)d", "kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False",
                                     summary: "The largest element of each window; stride defaults to kernel_size.", example: "nn.MaxPool\(rank)d(2)",
                                     function: NNFunctions.maxPool(rank),
                                     arguments: ["kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"],
                                     fields: { (call) throws(Diagnostic) in
                                         [("kernel_size", call["kernel_size"]), ("stride", call["stride"].isNone ? call["kernel_size"] : call["stride"]),
                                          ("padding", call["padding"]), ("dilation", call["dilation"]),
                                          ("return_indices", call["return_indices"]), ("ceil_mode", call["ceil_mode"])]
                                     }) { m in m.keyValues(["kernel_size", "stride", "padding", "dilation", "ceil_mode"]) }
    }

    static func avgPool(_ rank: Int) -> Builtin {
        let divisor = rank == 1 ? [] : ["divisor_override"]
        return FunctionalModule.constructor("AvgPool\(rank)d", "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True" + (rank == 1 ? "" : ", divisor_override=None"),
                                            summary: "The mean of each window; stride defaults to kernel_size.", example: "nn.AvgPool\(rank)d(2)",
                                            function: NNFunctions.avgPool(rank),
                                            arguments: ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"] + divisor,
                                            fields: { (call) throws(Diagnostic) in
            // AvgPool1d keeps its sizes as 1-tuples (`_single`); 2d and 3d as given.
            func single(_ v: Value) -> Value { rank == 1 && !(v.listOrTupleItems != nil) ? .tuple([v]) : (rank == 1 ? .tuple(v.listOrTupleItems ?? []) : v) }
            let stride = call["stride"].isNone ? call["kernel_size"] : call["stride"]
            return [("kernel_size", single(call["kernel_size"])), ("stride", single(stride)), ("padding", single(call["padding"])),
                    ("ceil_mode", call["ceil_mode"]), ("count_include_pad", call["count_include_pad"])]
                + divisor.map { ($0, call[$0]) }
        }) { m in m.keyValues(["kernel_size", "stride", "padding"]) }
    }
}

extension Value {
    /// Python truthiness where it cannot fail (anything but a tensor of several elements).
    var isSize: Bool { if case .size = self { true } else { false } }
    var isTrue: Bool { (try? truthValue(at: SourceRange(0, 0))) ?? true }
}
