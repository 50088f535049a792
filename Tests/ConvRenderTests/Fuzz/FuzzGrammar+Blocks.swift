/// Python's statements and expressions beyond straight-line ConvLang: blocks (`if`,
/// `for`, `while`, `try`, `with`), `def` and `class` with decorators, comprehensions,
/// lambdas, conditional expressions, starred items, f-strings, and IPython's magics
/// and shell commands. Loops run a few times at most; functions never call
/// themselves; indentation is sometimes odd on purpose.
extension FuzzGrammar {
    /// A compound statement nested at most `depth` deep, its lines indented by `indent`.
    mutating func compound(_ depth: Int, indent: String = "") -> String {
        let inner = indent + (rng.chance(0.95) ? "    " : rng.pick(["  ", "\t", " ", "        "]))
        switch rng.below(14) {
        case 9...13: return program(depth, indent: indent, inner: inner)
        case 0:
            var text = indent + "if \(condition()):\n" + body(depth, inner)
            if rng.chance(0.4) { text += "\n" + indent + "elif \(condition()):\n" + body(depth, inner) }
            if rng.chance(0.5) { text += "\n" + indent + "else:\n" + body(depth, inner) }
            return text
        case 1:
            var text = indent + "for \(target()) in \(iterable()):\n" + body(depth, inner)
            if rng.chance(0.2) { text += "\n" + indent + "else:\n" + body(depth, inner) }
            return text
        case 2:
            let counter = rng.pick(["i", "n", "steps"])
            // The counter steps down first, so no `continue` in the body skips it: a
            // generated loop always ends (an endless one is the user's to interrupt).
            return indent + "\(counter) = \(rng.below(4))\n" + indent + "while \(counter) > 0:\n"
                + inner + "\(counter) -= 1\n" + body(depth, inner)
        case 3:
            var text = indent + "try:\n" + body(depth, inner)
            for _ in 0..<rng.below(3) {
                let type = rng.pick(["", " ValueError", " (TypeError, RuntimeError)", " Exception as e", " IndexError as err"])
                text += "\n" + indent + "except\(type):\n" + body(depth, inner)
            }
            if rng.chance(0.3) { text += "\n" + indent + "else:\n" + body(depth, inner) }
            if text.components(separatedBy: "except").count == 1 || rng.chance(0.3) {
                text += "\n" + indent + "finally:\n" + body(depth, inner)
            }
            return text
        case 4:
            let items = rng.pick(["torch.no_grad()", "torch.no_grad() as g", "open('x') as f", "(torch.no_grad() as a, torch.no_grad())"])
            return indent + "with \(items):\n" + body(depth, inner)
        case 5:
            return definition(depth, indent: indent, inner: inner)
        case 6:
            let decorator = rng.chance(0.5) ? indent + "@\(rng.pick(["torch.no_grad()", "staticmethod", "nn.Module", "d.e(1)"]))\n" : ""
            return decorator + indent + "class \(rng.pick(["Net", "Up", "Generator"]))(\(rng.pick(["nn.Module", "", "object", "A, metaclass=M"]))):\n"
                + inner + "'''A layer.'''\n"
                + inner + "def __init__(self, c=1):\n" + inner + "    super().__init__()\n" + inner + "    self.conv = \(rng.pick(["nn.ConvTranspose2d(c, 1, 3)", "nn.Conv2d(1, 1, 2)", expression(2)]))\n"
                + inner + "def forward(self, x):\n" + inner + "    return self.conv(x)"
        case 7:
            // `while` with a generated condition could run for ever; `for` and `if` cannot.
            return indent + rng.pick(["for", "if"]) + " " + condition() + ": " + simple()
        default:
            return indent + magic()
        }
    }

    /// One to three statements (some compound while `depth` lasts) at `indent`.
    mutating func body(_ depth: Int, _ indent: String) -> String {
        (0..<(1 + rng.below(3))).map { _ -> String in
            if depth > 0 && rng.chance(0.3) { return compound(depth - 1, indent: indent) }
            return indent + simple()
        }.joined(separator: "\n")
    }

    /// A simple statement as blocks hold them.
    mutating func simple() -> String {
        switch rng.below(12) {
        case 0: return rng.pick(["pass", "break", "continue", "return", "return x", "raise", "raise ValueError('no')",
                                 "raise RuntimeError('x') from e", "global a", "nonlocal b", "del a", "yield x", "assert x, 'why'"])
        case 1: return "print(\(pythonExpression(2)))"
        case 2: return "\(target()) = \(pythonExpression(2))"
        case 3: return "\(rng.pick(FuzzVocabulary.variables)) += \(pythonExpression(1))"
        case 4: return rng.pick(["x: int = \(pythonExpression(1))", "a, *rest = \(iterable())", "*a, b = \(pythonExpression(1))",
                                 "x = \(rng.pick(["'%d %s' % (1, 'a')", "'%5.2f|%-4d' % (x, n)", "'{} {!r}'.format(x, a)", "'{:>{w}}'.format(x, w=n)"]))",
                                 "print(\(formattedString(2)))", "s = {\(list(1)), \(atom())}", "a.add(\(atom()))"])
        case 5: return magic()
        default: return statement()
        }
    }

    /// `def` with parameters of every kind, a docstring, and a call of it.
    mutating func definition(_ depth: Int, indent: String, inner: String) -> String {
        let name = rng.pick(["f", "g", "helper", "forward"])
        let parameters = rng.pick(["", "x", "x, y=1", "x, /, y, *args, k=2, **kw", "*, k", "a=1, b", "x, x", "*", "**kw, a",
                                   "X: torch.Tensor, K: torch.Tensor = None", "self, input"])
        var text = rng.chance(0.2) ? indent + "@\(rng.pick(["torch.no_grad()", "staticmethod", "functools.lru_cache(None)"]))\n" : ""
        text += indent + "def \(name)(\(parameters))\(rng.chance(0.2) ? " -> torch.Tensor" : ""):\n"
        if rng.chance(0.3) { text += inner + "\"\"\"Docstring.\"\"\"\n" }
        text += body(depth, inner) + "\n" + inner + "return \(pythonExpression(2))"
        if rng.chance(0.6) { text += "\n" + indent + "\(name)(\(arguments(2, depth: 1)))" }
        return text
    }

    /// An expression with Python's newer forms as well as ConvLang's.
    mutating func pythonExpression(_ depth: Int) -> String {
        guard depth > 0 else { return atom() }
        switch rng.below(12) {
        case 0: return "[\(pythonExpression(depth - 1)) for \(target()) in \(iterable())\(rng.chance(0.4) ? " if \(condition())" : "")]"
        case 1: return "{\(pythonExpression(depth - 1)): \(pythonExpression(depth - 1)) for \(target()) in \(iterable())}"
        case 2: return "{\(pythonExpression(depth - 1)) for \(target()) in \(iterable())}"
        case 3: return "\(rng.pick(["sum", "list", "max", "tuple", "torch.stack"]))(\(pythonExpression(depth - 1)) for \(target()) in \(iterable()))"
        case 4: return "\(pythonExpression(depth - 1)) if \(condition()) else \(pythonExpression(depth - 1))"
        case 5: return "(lambda \(rng.pick(["", "x", "x, y=1", "*a, **k"])): \(pythonExpression(depth - 1)))(\(arguments(2, depth: 0)))"
        case 6: return formattedString(depth)
        case 7: return "{\(pythonExpression(depth - 1)), *\(iterable())}"
        case 8: return "[*\(iterable()), \(pythonExpression(depth - 1))]"
        case 9: return "{**\(rng.pick(["d", "{'k': 1}", "dict(a=1)"])), 'z': \(pythonExpression(depth - 1))}"
        case 10: return "\(pythonExpression(depth - 1)) \(rng.pick(["<<", ">>", "not in", "is not", "in"])) \(pythonExpression(depth - 1))"
        default: return expression(depth)
        }
    }

    /// An f-string with conversions, specs, nested fields and self-documenting ones.
    mutating func formattedString(_ depth: Int) -> String {
        let fields = (0..<(1 + rng.below(3))).map { _ -> String in
            let value = depth > 1 ? expression(1) : rng.pick(FuzzVocabulary.variables)
            let conversion = rng.chance(0.3) ? rng.pick(["!r", "!s", "!a", "!x", "!"]) : ""
            let spec = rng.chance(0.4) ? ":" + rng.pick([">10", ".3f", "{w}", ">{w}.{p}f", "%H", "{", "}", "x}", ".2f", ",", "08.3f", ".1%", "^9", "+d", "e", "_", "#x"]) : ""
            return rng.chance(0.2) ? "{\(value)=\(conversion)\(spec)}" : "{\(value)\(conversion)\(spec)}"
        }
        let text = rng.pick(["", "loss ", "{{literal}} ", "a}b", "}", "{", "é "])
        let open = rng.pick(["f'", "rf'", "F\""])
        return open + text + fields.joined(separator: " ") + (open.hasSuffix("'") ? "'" : "\"")
    }

    /// IPython's magics and shell commands, and help.
    mutating func magic() -> String {
        rng.pick(["%timeit \(expression(1))", "%time x = \(expression(1))", "%matplotlib inline", "%pwd", "%", "%%time",
                  "!ls -la", "!!echo hi", "!", "\(rng.pick(FuzzVocabulary.variables))?", "%load_ext autoreload \\\n  2"])
    }

    /// A cell that opens with a cell magic.
    mutating func cellMagic() -> String {
        "%%\(rng.pick(["time", "timeit", "capture", "writefile out.py", "bash", ""]))\n" + cell()
    }

    mutating func condition() -> String {
        rng.pick(["x", "n > 0", "a is None", "not done", "k in d", "len(a) < 3", "torch.all(x > 0)", expression(1)])
    }

    mutating func target() -> String {
        rng.pick(["i", "x", "i, j", "(a, b)", "*rest, last", "k", "_", "x[0]", "self.w"])
    }

    mutating func iterable() -> String {
        rng.pick(["range(3)", "[1, 2]", "'ab'", "zip(a, b)", "enumerate([4, 5])", "d.items()", "x", "a", "torch.ones(2)", "range(\(number()))"])
    }
}
