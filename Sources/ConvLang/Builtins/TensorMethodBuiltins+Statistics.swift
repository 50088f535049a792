import ConvEngine

extension TensorMethodBuiltins {
    /// Positions of extremes, extremes over several dimensions, variance and standard
    /// deviation.
    static let statistics: [Definition] = [
        argExtreme(.max), argExtreme(.min), extremeValues(.max), extremeValues(.min),
        variance("var", squareRoot: false), variance("std", squareRoot: true),
    ]

    private static func argExtreme(_ kind: ExtremeKind) -> Definition {
        def("arg\(kind.rawValue)", "dim=None, keepdim=False",
            "The position of the \(kind.rawValue)imum: in the flattened tensor, or along dim (the first of ties).",
            "x.arg\(kind.rawValue)(dim=1)", torch: true) { box, call throws(Diagnostic) in
            let dim = try call.optionalInt("dim"), keep = try call.bool("keepdim")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.argExtreme(kind, dim: dim, keepDim: keep) }
        }
    }

    private static func extremeValues(_ kind: ExtremeKind) -> Definition {
        def("a\(kind.rawValue)", "dim=None, keepdim=False",
            "The \(kind.rawValue)imum over dim (an int or a tuple; every dimension if not given), without indices; NaN propagates.",
            "x.a\(kind.rawValue)(dim=(2, 3))", torch: true) { box, call throws(Diagnostic) in
            let dims = try call.dims("dim") ?? [], keep = try call.bool("keepdim")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.extremeValues(kind, dims: dims, keepDim: keep) }
        }
    }

    /// `var`/`std(dim=None, unbiased=True, keepdim=False, *, correction=1)`; a bool
    /// first argument is `unbiased` (`x.std(False)`).
    private static func variance(_ name: String, squareRoot: Bool) -> Definition {
        def(name, "dim=None, unbiased=None, keepdim=False, *, correction=None",
            squareRoot ? "The standard deviation over all elements or along dim; correction=1 (unbiased) by default, 0 for the population's."
                       : "The variance over all elements or along dim; correction=1 (unbiased) by default, 0 for the population's.",
            "x.\(name)(dim=0, unbiased=False)", torch: true) { box, call throws(Diagnostic) in
            var unbiased: Bool?
            var dims: [Int]?
            if case .bool(let b) = call["dim"] { unbiased = b } else { dims = try call.dims("dim") }
            if !call["unbiased"].isNone { unbiased = try call.bool("unbiased") }
            if unbiased != nil, call.has("correction") {
                throw Diagnostic(.type, "\(name)() received an invalid combination of arguments: unbiased and correction cannot both be given", call.range(of: "correction"))
            }
            let correction = call.has("correction") && !call["correction"].isNone ? try call.double("correction") : (unbiased == false ? 0 : 1)
            let keep = try call.bool("keepdim")
            let result = try call.engine { () throws(EngineError) in
                try box.tensor.variance(dims: dims, correction: correction, keepDim: keep, squareRoot: squareRoot)
            }
            if result.degreesOfFreedomNotPositive {
                call.interpreter.warn("\(name)(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor (input numel divided by output numel).")
            }
            return .tensor(result.tensor)
        }
    }
}
