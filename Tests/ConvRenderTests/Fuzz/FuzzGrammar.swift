/// Cells generated from a small grammar of ConvLang: assignments, calls of every
/// builtin with plausible or extreme arguments, tensor methods, subscripts and slices,
/// operators, containers, imports and help; and (`FuzzGrammar+Blocks.swift`) blocks,
/// functions, classes, comprehensions, f-strings and IPython's magics; exceptions
/// (`+Exceptions`) and ipywidgets calls (`+Widgets`).
struct FuzzGrammar {
    var rng: FuzzRandom

    /// A cell of one to six statements.
    mutating func cell() -> String {
        (0..<(1 + rng.below(6))).map { _ in statement() }.joined(separator: rng.chance(0.1) ? "; " : "\n")
    }

    mutating func statement() -> String {
        switch rng.below(29) {
        case 27: return exceptionProgram(2)
        case 28: return widgetProgram()
        case 21...23: return compound(2)
        case 24: return "\(rng.pick(FuzzVocabulary.variables)) = \(pythonExpression(3))"
        case 25: return pythonExpression(3)
        case 26: return rng.chance(0.2) ? cellMagic() : magic()
        case 0...5: return "\(rng.pick(FuzzVocabulary.variables)) = \(expression(3))"
        case 6...9: return expression(3)
        case 10: return "\(rng.pick(FuzzVocabulary.variables)) \(rng.pick(["+=", "-=", "*=", "/=", "//=", "%=", "**=", "@="])) \(expression(2))"
        case 11: return "\(rng.pick(FuzzVocabulary.variables))[\(subscriptItems())] = \(expression(2))"
        case 12: return "\(rng.pick(FuzzVocabulary.variables)).\(rng.pick(FuzzVocabulary.attributes)) = \(expression(2))"
        case 13: return "\(rng.pick(FuzzVocabulary.variables)), \(rng.pick(FuzzVocabulary.variables)) = \(expression(2))"
        case 14: return rng.pick(["import torch", "import torch.nn as nn", "import torch.nn.functional as F", "import numpy as np",
                                  "from collections import OrderedDict", "import math", "from torch import *", "from torch.nn import functional as G",
                                  "import tensorflow as tf", "from torch import nope", "import torch.nn.functional", "import time",
                                  "from torch import nn", "import torch.nn.init as init", "from math import sqrt, pi"] + FuzzVocabulary.imports)
        case 15: return rng.chance(0.5) ? "\(expression(1))?" : "help(\(expression(1)))"
        case 16: return "print(\(arguments(3, depth: 2)))"
        case 17: return nested()
        case 18: return convolution()
        case 19: return shared()
        default: return teaching()
        }
    }

    mutating func expression(_ depth: Int) -> String {
        if depth <= 0 { return atom() }
        switch rng.below(16) {
        case 0, 1: return atom()
        case 2: return call(depth)
        case 3: return "\(expression(depth - 1)).\(rng.pick(FuzzVocabulary.tensorMethods).name)(\(arguments(2, depth: depth - 1)))"
        case 4: return "\(expression(depth - 1)).\(rng.pick(FuzzVocabulary.attributes + FuzzVocabulary.layerMethods + FuzzVocabulary.dictMethods + FuzzVocabulary.listMethods + FuzzVocabulary.pythonMethods))"
        case 5: return "\(expression(depth - 1))[\(subscriptItems())]"
        case 6: return "\(rng.pick(["-", "+", "~", "not "]))\(expression(depth - 1))"
        case 7, 8:
            let op = rng.pick(["+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^", "<", ">", "==", "!=", "<=", ">=", "in", "not in", "is", "is not", "and", "or"])
            return "\(expression(depth - 1)) \(op) \(expression(depth - 1))"
        case 9: return "[\(list(depth - 1))]"
        case 10: return "(\(list(depth - 1)),)"
        case 11: return "{\((0..<rng.below(3)).map { _ in "\(expression(depth - 1)): \(expression(depth - 1))" }.joined(separator: ", "))}"
        case 12: return "(\(expression(depth - 1)))"
        case 13: return tensor()
        case 14: return "\(rng.pick(["[0]", "[1, 2]", "'ab'", "(1,)", "[[0] * 3]", "[]"])) * \(number())"
        default: return call(depth)
        }
    }

    mutating func atom() -> String {
        switch rng.below(10) {
        case 0, 1: return rng.pick(FuzzVocabulary.variables)
        case 2, 3: return number()
        case 4: return string()
        case 5: return rng.pick(["None", "True", "False", "...", "torch.float32", "torch.float64", "torch.int64", "torch.bool", "math.pi"])
        case 6: return rng.pick(FuzzVocabulary.callables).name
        case 7: return tensor()
        case 8: return "range(\(number()))"
        default: return "\(rng.below(10))"
        }
    }

    mutating func number() -> String {
        rng.chance(0.5) ? "\(rng.below(7) - 1)" : rng.pick(FuzzVocabulary.extremeNumbers)
    }

    mutating func string() -> String {
        let quote = rng.pick(["'", "\"", "'''", "\"\"\"", "r'", "f'"])
        let close = quote.hasSuffix("'''") ? "'''" : quote.hasSuffix("\"\"\"") ? "\"\"\"" : quote.hasSuffix("\"") ? "\"" : "'"
        let body = rng.chance(0.05) ? String(repeating: rng.pick(FuzzVocabulary.oddText), count: 1 + rng.below(2_000)) : rng.pick(FuzzVocabulary.oddText)
        return quote + body + close
    }

    /// A small tensor, sometimes with extreme sizes.
    mutating func tensor() -> String {
        let sizes = (0..<(1 + rng.below(4))).map { _ in rng.chance(0.9) ? "\(1 + rng.below(4))" : number() }.joined(separator: ", ")
        switch rng.below(8) {
        case 0: return "torch.ones(\(sizes))"
        case 1: return "torch.zeros(\(sizes), dtype=\(rng.pick(["torch.float32", "torch.float64", "torch.int64", "torch.bool"])))"
        case 2: return "torch.rand(\(sizes))"
        case 3: return "torch.arange(\(number())).reshape(\(sizes))"
        case 4: return "torch.tensor(\(nestedNumbers(depth: 1 + rng.below(3))))"
        case 5: return "torch.randn(\(sizes))"
        case 6: return "torch.full((\(sizes),), \(number()))"
        default: return "torch.eye(\(number()))"
        }
    }

    mutating func nestedNumbers(depth: Int) -> String {
        if depth == 0 { return number() }
        return "[" + (0..<(1 + rng.below(3))).map { _ in nestedNumbers(depth: depth - 1) }.joined(separator: ", ") + "]"
    }

    mutating func list(_ depth: Int) -> String {
        (0..<rng.below(4)).map { _ in expression(depth) }.joined(separator: ", ")
    }

    mutating func subscriptItems() -> String {
        (0..<(1 + rng.below(3))).map { _ -> String in
            switch rng.below(5) {
            case 0: return number()
            case 1: return "\(rng.chance(0.5) ? number() : ""):\(rng.chance(0.5) ? number() : "")"
            case 2: return "::\(number())"
            case 3: return rng.pick(["None", "...", ":", "::-1", "-1", "0"])
            default: return "\(rng.below(4))"
            }
        }.joined(separator: ", ")
    }

    /// A call of any builtin: positional arguments in order, then keywords.
    mutating func call(_ depth: Int) -> String {
        let (name, builtin) = rng.pick(FuzzVocabulary.callables)
        var parts: [String] = []
        for parameter in builtin.parameters where rng.chance(parameter.isRequired ? 0.9 : 0.3) {
            let value = argument(for: parameter.name, depth: depth - 1)
            if parameter.isVariadic {
                parts.append((0..<(1 + rng.below(4))).map { _ in argument(for: parameter.name, depth: depth - 1) }.joined(separator: ", "))
            } else if parameter.isKeywordOnly || (!parts.isEmpty && rng.chance(0.4)) || rng.chance(0.2) {
                parts.append("\(parameter.name)=\(value)")
            } else if !parts.contains(where: { $0.contains("=") }) {
                parts.append(value)
            }
        }
        if rng.chance(0.05) { parts.append("\(rng.pick(FuzzVocabulary.parameterNames))=\(number())") }
        if rng.chance(0.05) { parts.append("*\(expression(1))") }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }

    mutating func arguments(_ count: Int, depth: Int) -> String {
        (0..<rng.below(count + 1)).map { _ in expression(depth) }.joined(separator: ", ")
    }

    /// A value suited to a parameter of this name, or sometimes anything at all.
    mutating func argument(for name: String, depth: Int) -> String {
        if rng.chance(0.15) { return expression(max(depth, 0)) }
        switch name {
        case "input", "weight", "other", "data", "tensor", "condition", "src", "mat2", "ndarray", "object", "obj", "x", "iterable", "tensors":
            return rng.chance(0.8) ? tensor() : expression(max(depth, 0))
        case "stride", "padding", "dilation", "kernel_size", "output_padding", "size", "sizes", "shape", "dims", "dim", "groups", "step",
             "in_channels", "out_channels", "n", "m", "steps", "start", "end", "stop", "dim0", "dim1", "pad", "ndigits", "seed":
            return rng.chance(0.6) ? "\(1 + rng.below(3))" : rng.chance(0.5) ? "(\(1 + rng.below(3)), \(rng.below(3)))" : number()
        case "dtype": return rng.pick(["torch.float32", "torch.float64", "torch.int64", "torch.bool", "None", "'float'"])
        case "method": return rng.pick(["'scatter'", "'zero_insert'", "'fast'"])
        case "mode", "padding_mode": return rng.pick(["'constant'", "'reflect'", "'replicate'", "'circular'", "'zeros'", "'bad'"])
        case "op": return rng.pick(["F.conv2d", "F.conv_transpose2d", "F.conv1d", "F.conv_transpose1d", "F.conv3d", "F.conv_transpose3d",
                                    "nn.Conv2d(1, 1, 3)", "nn.ConvTranspose2d(1, 1, 3, stride=2)", "'padding_strides'", "'dilation'", "torch.ones"])
        case "kernel": return rng.chance(0.7) ? "torch.ones(\(1 + rng.below(3)), \(1 + rng.below(3)))" : tensor()
        default: return expression(max(depth, 0))
        }
    }

    /// A convolution with plausible shapes and one parameter perhaps at an extreme.
    mutating func convolution() -> String {
        let rank = 1 + rng.below(3)
        let transposed = rng.chance(0.5)
        let (c, o, k) = (1 + rng.below(3), 1 + rng.below(3), 1 + rng.below(3))
        let spatial = Array(repeating: "\(k + rng.below(5))", count: rank).joined(separator: ", ")
        let kernel = Array(repeating: "\(k)", count: rank).joined(separator: ", ")
        let weight = transposed ? "torch.rand(\(c), \(o), \(kernel))" : "torch.rand(\(o), \(c), \(kernel))"
        var parameters: [String] = []
        for name in ["stride", "padding", "dilation", "groups"] + (transposed ? ["output_padding"] : []) where rng.chance(0.4) {
            parameters.append("\(name)=\(rng.chance(0.7) ? "\(rng.below(3) + (name == "padding" ? 0 : 1))" : number())")
        }
        let function = "F.conv\(transposed ? "_transpose" : "")\(rank)d"
        let call = "\(function)(torch.rand(1, \(c), \(spatial)), \(weight)\(parameters.map { ", " + $0 }.joined()))"
        if rng.chance(0.3) {
            let layer = "nn.Conv\(transposed ? "Transpose" : "")\(rank)d(\(c), \(o), \(k)\(parameters.map { ", " + $0 }.joined()))"
            return "layer = \(layer)\nlayer(torch.rand(1, \(c), \(spatial)))"
        }
        return rng.chance(0.5) ? "y = \(call)\ny.shape" : call
    }

    /// A teaching command with plausible or extreme numbers.
    mutating func teaching() -> String {
        let command = rng.pick(["explain", "diagram", "animate", "matrix", "steps"])
        let op = rng.pick(["F.conv2d", "F.conv_transpose2d", "F.conv1d", "F.conv_transpose1d", "F.conv_transpose3d"])
        var parts = [op, "input=\(rng.chance(0.8) ? "\(1 + rng.below(6))" : number())"]
        for name in ["kernel_size", "stride", "padding", "output_padding", "dilation", "groups", "step"] where rng.chance(name == "kernel_size" ? 0.9 : 0.3) {
            parts.append("\(name)=\(rng.chance(0.7) ? "\(rng.below(4) + (name == "padding" || name == "output_padding" || name == "step" ? 0 : 1))" : number())")
        }
        if command == "steps" || (command == "matrix" && rng.chance(0.5)) {
            parts.insert(rng.chance(0.5) ? "torch.ones(1, 1, 2, 2)" : tensor(), at: 1)
            parts.insert(rng.chance(0.5) ? "torch.ones(1, 1, 2, 2)" : tensor(), at: 2)
            parts.removeAll { $0.hasPrefix("input=") }
        }
        return "\(command)(\(parts.joined(separator: ", ")))"
    }

    /// Lists and dicts changed in place through several names, holding themselves and
    /// each other: their methods, `+=`, `*=` and item assignment, then printing,
    /// comparing, copying and measuring them.
    mutating func shared() -> String {
        let steps = ["a.append(b)", "a.append(a)", "b['k'] = b", "b['j'] = [a, b]", "c += c", "c *= 2", "a.extend(c)", "a.insert(-1, c)",
                     "b.update(a=a, b=b)", "b.setdefault('s', a)", "a.pop()", "a.pop(0)", "a.remove(a)", "a.index(b)", "a.count(a)",
                     "b.pop('k')", "b.copy()", "a.copy()", "a.reverse()", "a.clear()", "b.clear()", "a[0] = b", "c = a[:]", "c = list(a)",
                     "a = [a]", "a == c", "a == b['k']", "a in a", "a is c", "id(a) == id(c)", "print(a, b, c)", "a", "b", "(a, b)", "dict(b)",
                     "c[0] = c", "c = a * \(number())", "b[\(expression(1))] = a", "a.\(rng.pick(FuzzVocabulary.listMethods))(\(arguments(2, depth: 1)))",
                     "b.\(rng.pick(FuzzVocabulary.dictMethods))(\(arguments(2, depth: 1)))"]
        let lines = ["a = [0, 1]", "b = {'k': a}", "c = a"] + (0..<(1 + rng.below(12))).map { _ in rng.pick(steps) }
        return lines.joined(separator: "\n")
    }

    /// Containers built by statements, deeper each time (`a = [a]`), repeated.
    mutating func nested() -> String {
        let variable = rng.pick(["a", "b"])
        let wrap = rng.pick(["[\(variable)]", "(\(variable),)", "{'k': \(variable)}", "[\(variable), \(variable)]", "[\(variable)] * 3"])
        let line = "\(variable) = \(wrap)"
        return "\(variable) = 0\n" + Array(repeating: line, count: 1 + rng.below(60)).joined(separator: "\n") + "\n\(variable)"
    }
}
