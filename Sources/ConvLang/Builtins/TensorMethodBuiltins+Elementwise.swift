import ConvEngine

extension TensorMethodBuiltins {
    /// Elementwise functions: square root, exponential, logarithm, sigmoid, rounding,
    /// clamping, pairwise extremes, floor division and remainder.
    static let elementwise: [Definition] = [
        unary(.sqrt, "The square roots (NaN for negative values); integers give float32."),
        unary(.exp, "e to the power of each element; integers give float32."),
        unary(.log, "The natural logarithms (-inf at 0, NaN below); integers give float32."),
        unary(.sigmoid, "1 / (1 + exp(-x)) for each element; integers give float32."),
        unary(.sin, "The sine of each element (radians); integers give float32."),
        unary(.cos, "The cosine of each element (radians); integers give float32."),
        def("relu", "", "max(x, 0) for each element.", "x.relu()") { box, call throws(Diagnostic) in
            try tensorResult(call) { () throws(EngineError) in try box.tensor.relu() }
        },
        def("tanh", "", "The hyperbolic tangent of each element; integers give float32.", "x.tanh()") { box, _ in
            .tensor(box.tensor.tanh())
        },
        def("round", "*, decimals=0", "The elements rounded half to even; decimals=2 keeps two decimal places, decimals=-1 rounds to tens.",
            "x.round(decimals=2)", torch: true) { box, call throws(Diagnostic) in
            let decimals = call.has("decimals") ? try call.int("decimals") : nil
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.rounded(decimals: decimals) }
        },
        clamp("clamp"), clamp("clip"),
        pairwise("maximum", .max), pairwise("minimum", .min),
        floorDivision("floor_divide", .quotient), floorDivision("remainder", .remainder),
    ]

    private static func unary(_ function: UnaryFunction, _ summary: String) -> Definition {
        def(function.rawValue, "", summary, "torch.\(function.rawValue)(x)", torch: true) { box, _ in
            .tensor(box.tensor.applying(function))
        }
    }

    private static func clamp(_ name: String) -> Definition {
        def(name, "min=None, max=None", "Every element limited to [min, max]; either bound may be left out, or be a tensor.",
            "x.\(name)(min=0)", torch: true) { box, call throws(Diagnostic) in
            let lower = call["min"].isNone ? nil : try call.operand("min")
            let upper = call["max"].isNone ? nil : try call.operand("max")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.clamped(min: lower, max: upper) }
        }
    }

    private static func pairwise(_ name: String, _ kind: ExtremeKind) -> Definition {
        def(name, "other", "The \(name) of each pair of elements, broadcast (NaN if either is NaN).",
            "torch.\(name)(a, b)", torch: true) { box, call throws(Diagnostic) in
            let other = try call.tensor("other")
            return try tensorResult(call) { () throws(EngineError) in try Tensor.elementwiseExtreme(kind, box.tensor, other) }
        }
    }

    private static func floorDivision(_ name: String, _ op: FloorDivision) -> Definition {
        def(name, "other", "Elementwise \(op.rawValue) (rounding toward negative infinity), broadcast.",
            "torch.\(name)(x, 2)", torch: true) { box, call throws(Diagnostic) in
            let other = try call.operand("other")
            return try tensorResult(call) { () throws(EngineError) in try Tensor.apply(op, .tensor(box.tensor), other) }
        }
    }
}
