import ConvEngine
import Foundation

/// Python's builtins that ConvLang keeps, and ConvLab's own (`help`, `warn`,
/// `scatter_add`).
enum GlobalBuiltins {
    static let all: [Builtin] = python + IterationBuiltins.all + SetMethods.constructors + [help, warn, display, clearOutput, exit("exit"), exit("quit"), scatterAdd, convMatrix]

    static let python: [Builtin] = [
        Builtin("print", "*objects, sep=' ', end='\\n'", summary: "Writes the objects to standard output, as Python's print does.",
                example: "print(outputs.size())") { (call) throws(Diagnostic) in
            guard case .tuple(let items) = call["objects"] else { return .none }
            let sep = try call.string("sep"), end = try call.string("end")
            call.interpreter.output.write(items.map(\.strText).joined(separator: sep) + end, to: .stdout)
            return .none
        },
        Builtin("len", "obj", summary: "The number of items (a tensor's size along its first dimension).", example: "len(x.shape)") { (call) throws(Diagnostic) in
            switch call["obj"] {
            case .list(let list): return .int(Int64(list.items.count))
            case .tuple(let v): return .int(Int64(v.count))
            case .size(let d): return .int(Int64(d.count))
            case .range(let r):
                guard r.exactCount <= Int128(Int64.max) else {
                    throw Diagnostic(.value, "Python int too large to convert to C ssize_t", call.range, kind: "OverflowError")
                }
                return .int(Int64(r.count))
            case .string(let s): return .int(Int64(s.count))
            case .dict(let dict), .dictView(let dict, _): return .int(Int64(dict.entries.count))
            case .set(let set): return .int(Int64(set.count))
            case .tensor(let box):
                guard box.tensor.rank > 0 else { throw Diagnostic(.type, "len() of a 0-d tensor", call.range) }
                return .int(Int64(box.tensor.shape[0]))
            case .ndarray(let box) where !box.isScalar:
                guard box.tensor.rank > 0 else { throw Diagnostic(.type, "len() of unsized object", call.range) }
                return .int(Int64(box.tensor.shape[0]))
            case .nnModule(let module) where ContainerModules.length(module) != nil:
                return .int(Int64(ContainerModules.length(module) ?? 0))
            default: throw Diagnostic(.type, "object of type '\(call["obj"].typeName)' has no len()", call.range)
            }
        },
        Builtin("list", "iterable=()", summary: "A new list of the items (list(l) copies l).", example: "list(x.shape)") { (call) throws(Diagnostic) in
            .newList(call.has("iterable") ? try items(call["iterable"], call) : [])
        },
        Builtin("tuple", "iterable=()", summary: "A tuple of the items.", example: "tuple(x.shape)") { (call) throws(Diagnostic) in
            .tuple(call.has("iterable") ? try items(call["iterable"], call) : [])
        },
        DictMethods.constructor,
        Builtin("id", "obj", summary: "An integer that identifies obj while it lives: two names hold the same list, dict or tensor exactly when their ids are equal.",
                example: "id(a) == id(b)") { (call) throws(Diagnostic) in
            .int(Int64(call["obj"].identity))
        },
        Builtin("range", "start, stop=None, step=1", summary: "The integers from start up to stop, step apart: a range, which list() turns into a list.",
                example: "list(range(4))") { (call) throws(Diagnostic) in
            var (a, b) = (try call.int("start"), try call.optionalInt("stop"))
            if b == nil { (a, b) = (0, a) }
            let step = try call.int("step")
            guard step != 0 else { throw Diagnostic(.value, "range() arg 3 must not be zero", call.range) }
            return .range(PythonRange(start: Int64(a), stop: Int64(b!), step: Int64(step)))
        },
        Builtin("int", "x=0", summary: "An integer (floats truncate toward zero).", example: "int(y.sum().item())") { (call) throws(Diagnostic) in
            switch call["x"] {
            case .int(let i): return .int(i)
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d):
                return .int(try Interpreter.integer(d, rounded: .towardZero, at: call.range))
            case .string(let s):
                guard let i = Int64(s.trimmingCharacters(in: .whitespaces)) else {
                    throw Diagnostic(.value, "invalid literal for int() with base 10: \(Value.string(s).reprText)", call.range)
                }
                return .int(i)
            case .ndarray(let box) where box.tensor.count == 1:
                if case .int(let i) = box.tensor.scalar(at: 0) { return .int(i) }
                return .int(try Interpreter.integer(box.tensor.doubles[0], rounded: .towardZero, at: call.range))
            case .tensor(let box) where box.tensor.count == 1:
                if let i = box.tensor.integerItem { return .int(Int64(i)) }
                return .int(try Interpreter.integer(box.tensor.doubles[0], rounded: .towardZero, at: call.range))
            default: throw call.typeError("x", expected: "a number")
            }
        },
        Builtin("float", "x=0.0", summary: "A floating-point number.", example: "float(x.max())") { (call) throws(Diagnostic) in
            switch call["x"] {
            case .string(let s):
                guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else {
                    throw Diagnostic(.value, "could not convert string to float: \(Value.string(s).reprText)", call.range)
                }
                return .float(d)
            default: return .float(try call.double("x"))
            }
        },
        Builtin("bool", "x=False", summary: "The truth of x.", example: "bool((a == b).all())") { (call) throws(Diagnostic) in
            .bool(try call["x"].truthValue(at: call.range))
        },
        Builtin("str", "object=''", summary: "The text print would show.", example: "str(x.shape)") { (call) throws(Diagnostic) in
            .string(call["object"].strText)
        },
        Builtin("repr", "obj", summary: "The text a cell shows for obj.", example: "repr(x)") { (call) throws(Diagnostic) in
            .string(call["obj"].reprText)
        },
        Builtin("type", "obj", summary: "The type of obj.", example: "type(x)") { (call) throws(Diagnostic) in
            if case .exception(let e) = call["obj"] { return .exceptionType(e.type) }
            let name = call["obj"].typeName
            let qualified = ["Tensor": "torch.Tensor", "Parameter": "torch.nn.parameter.Parameter", "Size": "torch.Size",
                             "device": "torch.device"][name]
                ?? (name.hasPrefix("Conv") ? "torch.nn.modules.conv.\(name)" : name)
            return .opaque("<class '\(qualified)'>")
        },
        Builtin("round", "number, ndigits=None", summary: "number rounded (halves to even, as Python).", example: "round(2.675, 2)") { (call) throws(Diagnostic) in
            let x = try call.double("number")
            guard let n = try call.optionalInt("ndigits") else { return .int(try Interpreter.integer(x, rounded: .toNearestOrEven, at: call.range)) }
            let scale = pow(10.0, Double(n))
            return .float((x * scale).rounded(.toNearestOrEven) / scale)
        },
        dual("abs", "x", "The absolute value; for a tensor, elementwise.") { (call) throws(Diagnostic) in
            switch call["x"] {
            case .int(let i): return .int(try Interpreter.exact(i < 0 ? Int64(0).subtractingReportingOverflow(i) : (i, false), at: call.range))
            case .float(let d): return .float(abs(d))
            case .bool(let b): return .int(b ? 1 : 0)
            case .tensor(let box): return .tensor(try call.engine { () throws(EngineError) in try box.tensor.absolute() })
            case .ndarray(let box): return .arrayResult(try ArrayArithmetic.absolute(box.tensor, at: call.range))
            default: throw call.typeError("x", expected: "a number or Tensor")
            }
        },
        extreme("max", .max), extreme("min", .min),
        dual("sum", "iterable, /, start=0, *, dim=None, keepdim=False", "Python's sum: start plus the items, in order (with dim: torch.sum of a tensor).") { (call) throws(Diagnostic) in
            if case .tensor(let box) = call["iterable"], call.has("dim") || call.has("keepdim") {
                let dims = try call.dims("dim"), keep = try call.bool("keepdim")
                return .tensor(try call.engine { () throws(EngineError) in
                    if let dims { return try box.tensor.reduced(.sum, dims: dims, keepDim: keep) }
                    return try box.tensor.reduced(.sum)
                })
            }
            var total = call["start"]
            if case .string = total { throw Diagnostic(.type, "sum() can't sum strings [use ''.join(seq) instead]", call.range) }
            _ = try call.interpreter.forEach(in: call["iterable"], at: call.range(of: "iterable")) { (item) throws(Diagnostic) -> Flow? in
                if case .int(let x) = total, case .int(let y) = item, case (let r, false) = x.addingReportingOverflow(y) {
                    total = .int(r)
                } else {
                    total = try call.interpreter.binary("+", total, item, at: call.range)
                }
                return nil
            }
            return total
        },
    ]

    /// Python's max/min over numbers, or torch.max/min on a tensor.
    private static func extreme(_ name: String, _ reduction: Reduction) -> Builtin {
        dual(name, "*args, key=None, default=None, dim=None, keepdim=False", "Python's \(name) of an iterable or of the arguments (key= computes what is compared, default= answers for an empty iterable); on a tensor, torch.\(name) (with dim: values and indices).") { (call) throws(Diagnostic) in
            guard case .tuple(var args) = call["args"], !args.isEmpty else {
                throw Diagnostic(.type, "\(name) expected at least 1 argument, got 0", call.range)
            }
            if case .tensor(let box) = args[0], !(args.count == 2 && args[1].isTensor), call.has("dim") || args.count == 2 || (args.count == 1 && !call.has("key") && !call.has("default")) {
                var dim = try call.optionalInt("dim")
                if args.count == 2, case .int(let d) = args[1] { dim = Int(d) }
                guard let dim else { return .tensor(try call.engine { () throws(EngineError) in try box.tensor.reduced(reduction) }) }
                let keep = try call.bool("keepdim")
                let (values, indices) = try call.engine { () throws(EngineError) in try box.tensor.extreme(reduction, dim: dim, keepDim: keep) }
                return .record(type: "torch.return_types.\(name)", fields: [("values", .tensor(values)), ("indices", .tensor(indices))])
            }
            let key = call["key"]
            if args.count == 1 {
                args = try items(args[0], call)
            } else if call.has("default") {
                throw Diagnostic(.type, "Cannot specify a default for \(name)() with multiple positional arguments", call.range)
            }
            guard var best = args.first else {
                if call.has("default") { return call["default"] }
                throw Diagnostic(.value, "\(name)() arg is an empty sequence", call.range)
            }
            func keyed(_ v: Value) throws(Diagnostic) -> Value {
                if case .none = key { return v }
                return try call.interpreter.call(key, [v], at: call.range)
            }
            var bestKey = try keyed(best)
            for candidate in args.dropFirst() {
                let candidateKey = try keyed(candidate)
                let better = try call.interpreter.compare(reduction == .max ? ">" : "<", candidateKey, bestKey, at: call.range)
                if try better.truthValue(at: call.range) { (best, bestKey) = (candidate, candidateKey) }
            }
            return best
        }
    }

    private static func dual(_ name: String, _ signature: String, _ summary: String, _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name, signature, summary: summary, example: "\(name)(x)", body: body)
    }

    static func items(_ value: Value, _ call: Call) throws(Diagnostic) -> [Value] {
        try call.interpreter.items(of: value, at: call.range)
    }

    static let help = Builtin("help", "obj=None", summary: "Shows the signature, a description and an example of a builtin, or what an object is. Also: name?",
                              example: "help(F.conv_transpose2d)") { (call) throws(Diagnostic) in
        call.interpreter.output.write(Help.page(for: call["obj"]), to: .stdout)
        return .none
    }

    static let display = Builtin("display", "*objs", summary: "Shows each object as a cell output of its own (display_data in a notebook).",
                                 example: "display(x, y)") { (call) throws(Diagnostic) in
        guard case .tuple(let items) = call["objs"] else { return .none }
        for item in items { call.interpreter.output.display(item) }
        return .none
    }

    static let clearOutput = Builtin("clear_output", "wait=False", summary: "Clears the cell's output so far (with wait=True, when the next output arrives).",
                                     example: "clear_output(wait=True)") { (call) throws(Diagnostic) in
        call.interpreter.output.clearOutput(wait: try call.bool("wait"))
        return .none
    }

    static func exit(_ name: String) -> Builtin {
        Builtin(name, "keep_kernel=False", summary: "Ends the session: a script stops here, a console closes.", example: name) { (call) throws(Diagnostic) in
            call.interpreter.exitRequested = true
            call.interpreter.output.requestExit(keepKernel: try call.bool("keep_kernel"))
            return .none
        }
    }

    static let warn = Builtin("warn", "message", summary: "Writes a warning to standard error.", example: "warn('check the padding')") { (call) throws(Diagnostic) in
        call.interpreter.warn(call["message"].strText)
        return .none
    }

    static let scatterAdd = Builtin("scatter_add", "input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1",
                                    summary: "The transposed convolution computed by scatter-add, as the d2l loop does: every input element times the kernel, added into the output at its strided place, then cropped by padding. 2-D input and kernel are taken as one channel, like the d2l function; otherwise as conv_transpose.",
                                    example: "scatter_add(X, K)  # d2l: [[0, 0, 1], [0, 4, 6], [4, 12, 9]]") { (call) throws(Diagnostic) in
        var x = try call.tensor("input"), w = try call.tensor("weight")
        let plain = x.rank == 2 && w.rank == 2
        if plain {
            x = try call.engine { () throws(EngineError) in try x.reshaped([1, 1] + x.shape.dimensions) }
            w = try call.engine { () throws(EngineError) in try w.reshaped([1, 1] + w.shape.dimensions) }
        }
        let rank = plain ? 2 : max(1, w.rank - 2)
        let b = try call.optionalTensor("bias")
        let (s, p, op) = (try call.spatial("stride"), try call.spatial("padding"), try call.spatial("output_padding"))
        let (g, d) = (try call.int("groups"), try call.spatial("dilation"))
        let flag = call.interpreter.cancellation
        let trace = try call.engine { () throws(EngineError) in
            let plan = try ConvPlan.transposed(x, weight: w, bias: b, spatialRank: rank, stride: s, padding: p,
                                               outputPadding: op, groups: g, dilation: d)
            return try Formulation.scatterAdd(plan, cancellation: flag)
        }
        let out = trace.output
        if plain { return .tensor(try call.engine { () throws(EngineError) in try out.reshaped(Array(out.shape.dimensions.suffix(2))) }) }
        return .tensor(out)
    }

    static let convMatrix = Builtin("conv_matrix", "input, weight, stride=1, padding=0, dilation=1, groups=1, transposed=False, output_padding=0",
                                    summary: "The matrix of a convolution of input's shape (one sample): y.flatten() == C @ x.flatten(). With transposed=True, the matrix of the transposed convolution, which is C^T. Built only up to 1,000,000 entries.",
                                    example: "C = conv_matrix(torch.zeros(1, 1, 4, 4), kernel)  # 4 x 16") { (call) throws(Diagnostic) in
        let x = try call.tensor("input"), w = try call.tensor("weight")
        let (s, p, d, g) = (try call.spatial("stride"), try call.spatial("padding"), try call.spatial("dilation"), try call.int("groups"))
        let transposed = try call.bool("transposed"), op = try call.spatial("output_padding")
        let rank = max(1, w.rank - 2)
        let flag = call.interpreter.cancellation
        return .tensor(try call.engine { () throws(EngineError) in
            let plan = transposed
                ? try ConvPlan.transposed(x, weight: w, spatialRank: rank, stride: s, padding: p, outputPadding: op, groups: g, dilation: d)
                : try ConvPlan.convolution(x, weight: w, spatialRank: rank, stride: s, padding: .explicit(p.values), dilation: d, groups: g)
            return try Formulation.matrixForm(plan, cancellation: flag).matrix
        })
    }

    static let orderedDict = Builtin("collections.OrderedDict", "items=None, /, **kwargs",
                                     summary: "A dict that keeps its insertion order; state_dict() returns one.",
                                     example: "OrderedDict([('weight', K)])") { (call) throws(Diagnostic) in
        .dict(try DictMethods.made(call, from: "items", ordered: true))
    }

    static let math: [Builtin] = [
        Builtin("math.sqrt", "x", summary: "The square root.", example: "math.sqrt(2)") { (call) throws(Diagnostic) in .float(try call.double("x").squareRoot()) },
        Builtin("math.floor", "x", summary: "The largest integer not above x.", example: "math.floor(7 / 2)") { (call) throws(Diagnostic) in
            .int(try Interpreter.integer(try call.double("x"), rounded: .down, at: call.range))
        },
        Builtin("math.ceil", "x", summary: "The smallest integer not below x.", example: "math.ceil(7 / 2)") { (call) throws(Diagnostic) in
            .int(try Interpreter.integer(try call.double("x"), rounded: .up, at: call.range))
        },
    ]
}
