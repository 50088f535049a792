import ConvEngine

/// `torch.nn.functional.*`: the convolutions and `pad`.
enum FunctionalBuiltins {
    static let all: [Builtin] = (1...3).map(convolution) + (1...3).map(transposed) + [pad]

    /// `conv1d` ... `conv3d`'s two signatures as PyTorch prints them: int padding, or
    /// `'same'`/`'valid'`.
    static let convolutionSignatures: [ATenSignature] = ["tuple of ints padding = 0", "str padding = \"valid\""].map { padding in
        let parameters: [ATenSignature.Parameter] = [
            .init(name: "input", type: .tensor, isOptional: false), .init(name: "weight", type: .tensor, isOptional: false),
            .init(name: "bias", type: .optionalTensor, isOptional: true), .init(name: "stride", type: .intList, isOptional: true),
            .init(name: "padding", type: padding.hasPrefix("str") ? .string : .intList, isOptional: true),
            .init(name: "dilation", type: .intList, isOptional: true), .init(name: "groups", type: .int, isOptional: true),
        ]
        return ATenSignature(parameters: parameters, text: "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, "
                             + "\(padding), tuple of ints dilation = 1, int groups = 1)")
    }

    static func convolution(_ rank: Int) -> Builtin {
        Builtin("torch.nn.functional.conv\(rank)d", "input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1",
                summary: "A \(rank)-D convolution. input (N, C_in, ...) or unbatched (C_in, ...); weight (C_out, C_in/groups, k...). padding may be a number, one per dimension, or 'same'/'valid'. Refuses what PyTorch refuses, in its words.",
                example: "y = F.conv\(rank)d(x, w, stride=2, padding=1)") { (call) throws(Diagnostic) in
            let (x, w, b) = (try call.tensor("input"), try call.tensor("weight"), try call.optionalTensor("bias"))
            let s = try call.atenSpatial("stride")
            let p: ConvPadding = if case .string = call["padding"] { try call.convPadding("padding") } else { .explicit(try call.atenInts("padding")) }
            let (d, g) = (try call.atenSpatial("dilation"), try call.atenInt("groups"))
            let plan = try call.engine { () throws(EngineError) in
                try ConvPlan.convolution(x, weight: w, bias: b, spatialRank: rank, stride: s, padding: p, dilation: d, groups: g)
            }
            if plan.paddingBefore != plan.paddingAfter {
                call.interpreter.warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created", once: true)
            }
            return .tensor(try call.engine { () throws(EngineError) in try plan.run(cancellation: call.interpreter.cancellation) })
        }.parsedLikeATen(overloads: convolutionSignatures)
    }

    static func transposed(_ rank: Int) -> Builtin {
        Builtin("torch.nn.functional.conv_transpose\(rank)d", "input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1",
                summary: "A \(rank)-D transposed convolution: the adjoint of conv\(rank)d with the same weight. weight is (C_in, C_out/groups, k...). Output size (i-1)*stride - 2*padding + dilation*(k-1) + output_padding + 1; padding beyond dilation*(k-1) crops.",
                example: "y = F.conv_transpose\(rank)d(x, w, stride=2, padding=1, output_padding=1)") { (call) throws(Diagnostic) in
            let (x, w, b) = (try call.tensor("input"), try call.tensor("weight"), try call.optionalTensor("bias"))
            if case .string = call["padding"] {
                throw Diagnostic(.type, "conv_transpose\(rank)d(): argument 'padding' must be tuple of ints, not str", call.range(of: "padding"))
            }
            let (s, p, op) = (try call.atenSpatial("stride"), try call.atenSpatial("padding"), try call.atenSpatial("output_padding"))
            let (g, d) = (try call.atenInt("groups"), try call.atenSpatial("dilation"))
            return .tensor(try call.engine { () throws(EngineError) in
                try Convolution.transposedConvolution(x, weight: w, bias: b, spatialRank: rank, stride: s, padding: p,
                                                      outputPadding: op, groups: g, dilation: d,
                                                      cancellation: call.interpreter.cancellation)
            })
        }.parsedLikeATen()
    }

    static let pad = Builtin("torch.nn.functional.pad", "input, pad, mode='constant', value=None",
                             summary: "The input padded: pad lists (left, right) for the last dimension first, then (top, bottom), then (front, back). Modes constant (with value), reflect, replicate, circular; negative pads crop.",
                             example: "F.pad(x, (1, 1, 1, 1), mode='reflect')") { (call) throws(Diagnostic) in
        let x = try call.tensor("input"), pads = try call.ints("pad"), modeName = try call.string("mode")
        let value: Double? = if case .none = call["value"] { nil } else { try call.double("value") }
        return .tensor(try call.engine { () throws(EngineError) in
            try x.padded(pads, mode: PaddingMode(parsing: modeName), value: value)
        })
    }
}
