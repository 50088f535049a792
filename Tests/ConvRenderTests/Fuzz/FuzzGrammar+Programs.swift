/// Whole tutorial-style programs, with plausible or extreme numbers: `nn.Module`
/// subclasses of the nn modules and their shape walks, plain classes with dunder
/// methods, closures with `nonlocal` and `global`, recursion (to Python's limit and
/// past it), exceptions raised and caught around PyTorch's errors, and `with` blocks.
extension FuzzGrammar {
    mutating func program(_ depth: Int, indent: String, inner: String) -> String {
        let text: String
        switch rng.below(9) {
        case 7: text = exceptionProgram(depth)
        case 8: text = widgetProgram()
        case 0: text = moduleClass()
        case 1: text = plainClass()
        case 2: text = closure()
        case 3: text = recursion()
        case 4: text = guarded(depth)
        case 5: text = contextBlock(depth)
        default: text = shapeWalk()
        }
        guard !indent.isEmpty else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }.joined(separator: "\n")
    }

    /// A size: small mostly, sometimes at an edge.
    private mutating func size() -> String { rng.chance(0.85) ? "\(1 + rng.below(4))" : number() }

    /// One of the nn modules a conv tutorial uses, on `c` channels.
    private mutating func layer(_ c: String) -> String {
        switch rng.below(14) {
        case 0: return "nn.ConvTranspose2d(\(c), \(c), \(size()), stride=\(size()), padding=\(rng.below(2)))"
        case 1: return "nn.Conv2d(\(c), \(c), \(size()), padding=\(rng.chance(0.2) ? "'same'" : "\(rng.below(2))"))"
        case 2: return "nn.BatchNorm2d(\(c))"
        case 3: return rng.pick(["nn.ReLU()", "nn.ReLU(True)", "nn.LeakyReLU(0.2)", "nn.Tanh()", "nn.Sigmoid()", "nn.Identity()"])
        case 4: return "nn.Upsample(scale_factor=\(size()), mode=\(rng.pick(["'nearest'", "'bilinear'", "'bicubic'", "'nope'"])))"
        case 5: return "nn.PixelShuffle(\(size()))"
        case 6: return "nn.PixelUnshuffle(\(size()))"
        case 7: return "nn.MaxPool2d(\(size()))"
        case 8: return "nn.AvgPool2d(\(size()), stride=\(size()))"
        case 9: return "nn.Flatten()"
        case 10: return "nn.Linear(\(size()), \(size()))"
        case 11: return "nn.BatchNorm1d(\(c))"
        case 12: return "nn.Sequential(\(layer(c)), \(layer(c)))"
        default: return "nn.Upsample(size=(\(size()), \(size())))"
        }
    }

    private mutating func input() -> String {
        "torch.rand(\(rng.below(3) + 1), \(size()), \(size()), \(size()))"
    }

    /// `class Net(nn.Module)` with registered layers, a forward pass, and what users ask of it.
    private mutating func moduleClass() -> String {
        let c = size()
        let name = rng.pick(["Net", "Generator", "Decoder", "Up"])
        let layers = (0..<(1 + rng.below(3))).map { "        self.l\($0) = \(layer(c))" }.joined(separator: "\n")
        let calls = (0..<(1 + rng.below(3))).map { "x = self.l\($0)(x)" }
        let questions = ["print(net)", "net(\(input())).shape", "sum(p.numel() for p in net.parameters())",
                         "list(net.state_dict().keys())", "[n for n, _ in net.named_parameters()]",
                         "[type(m).__name__ for m in net.modules()]", "net.eval()", "net.train(False)", "net.l0",
                         "net.apply(lambda m: print(type(m).__name__))", "net.l9", "net.forward(\(input()))"]
        return "class \(name)(nn.Module):\n"
            + "    def __init__(self\(rng.chance(0.3) ? ", c=\(c)" : "")):\n"
            + (rng.chance(0.9) ? "        super().__init__()\n" : "")
            + layers + "\n"
            + "    def forward(self, x):\n" + calls.map { "        " + $0 }.joined(separator: "\n") + "\n        return x\n"
            + "net = \(name)()\n"
            + (0..<(1 + rng.below(3))).map { _ in rng.pick(questions) }.joined(separator: "\n")
    }

    /// `for layer in net: x = layer(x); print(...)`, over a Sequential.
    private mutating func shapeWalk() -> String {
        let c = size()
        let layers = (0..<(1 + rng.below(5))).map { _ in layer(c) }.joined(separator: ", ")
        let body = rng.pick(["print(type(layer).__name__, tuple(x.shape))", "print(f'{layer.__class__.__name__:<16}{x.shape}')",
                             "print(layer, x.shape)"])
        return "net = nn.Sequential(\(layers))\nx = \(input())\nfor layer in net:\n    x = layer(x)\n    \(body)"
    }

    /// A plain class with an initialiser, dunder methods and a subclass.
    private mutating func plainClass() -> String {
        let dunder = rng.pick(["def __repr__(self):\n        return f'P({self.v!r})'", "def __len__(self):\n        return \(pythonExpression(1))",
                               "def __getitem__(self, i):\n        return self.v[i]", "def __call__(self, *a, **k):\n        return \(pythonExpression(1))",
                               "def __eq__(self, other):\n        return self.v == other", "@property\n    def area(self):\n        return self.v * 2",
                               "@staticmethod\n    def make(n):\n        return P(n)", "def __str__(self):\n        return \(pythonExpression(1))"])
        let uses = ["print(p)", "repr(p)", "len(p)", "p[0]", "p(1, k=2)", "p == P(\(atom()))", "p.area", "P.make(3)", "str(p)",
                    "p.missing", "isinstance(p, P)", "Q(\(atom())).v", "type(p).__name__", "P.count"]
        return "class P:\n    count = 0\n    def __init__(self, v=\(atom())):\n        self.v = v\n        P.count += 1\n    \(dunder)\n"
            + "class Q(P):\n    def __init__(self, v):\n        super().__init__(v)\n"
            + "p = P(\(pythonExpression(1)))\n" + (0..<(1 + rng.below(3))).map { _ in rng.pick(uses) }.joined(separator: "\n")
    }

    /// Nested functions that keep state in the enclosing function or in the module.
    private mutating func closure() -> String {
        rng.pick([
            "def make(n=\(atom())):\n    total = 0\n    def step(x=1):\n        nonlocal total\n        total += x\n        return total\n    return step\ns = make()\ns(\(atom()))\ns()",
            "count = 0\ndef bump(by=1):\n    global count\n    count += by\n    return count\nbump(\(atom()))\nbump()\ncount",
            "def outer():\n    x = \(pythonExpression(1))\n    def inner():\n        return x\n    x = \(atom())\n    return inner()\nouter()",
            "fs = [lambda x, i=i: x * i for i in \(iterable())]\n[f(\(atom())) for f in fs]",
            "def f(*args, **kwargs):\n    return args, kwargs\nf(\(arguments(2, depth: 1)))\nf(*\(iterable()), **{'k': \(atom())})",
            "def f(a, /, b, *, c=\(atom())):\n    return a, b, c\nf(\(arguments(3, depth: 1)))",
            "def bad():\n    y += 1\n    return y\nbad()",
        ])
    }

    /// A function that calls itself: to a depth given by a number, which may pass
    /// Python's limit of 1000 and must then end in RecursionError, never a crash.
    private mutating func recursion() -> String {
        let n = rng.chance(0.5) ? "\(rng.below(30))" : number()
        return rng.pick([
            "def r(n):\n    return 0 if n <= 0 else 1 + r(n - 1)\nr(\(n))",
            "def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nfact(\(n))",
            "def down(n):\n    return down(n + 1)\ndown(\(n))",
            "def a(n):\n    return b(n)\ndef b(n):\n    return a(n) if n else 0\na(\(n))",
            "def walk(t, d=0):\n    return d if not isinstance(t, list) else max([walk(s, d + 1) for s in t] + [d])\nwalk(\(pythonExpression(2)))",
        ])
    }

    /// `try` around something that may fail as PyTorch fails, with user exceptions.
    private mutating func guarded(_ depth: Int) -> String {
        let risky = rng.pick(["\(input()) @ \(input())", "nn.Conv2d(\(size()), 1, \(size()))(\(input()))", "\(input()).view(\(size()), -1)",
                              "nn.Linear(\(size()), 2)(\(input()))", "raise ValueError(f'bad {\(atom())}')", "raise ShapeError(\(atom()))",
                              "[1][\(number())]", "{}[\(atom())]", "int(\(string()))", "1 / \(number())", "assert \(condition()), 'why'",
                              pythonExpression(2)])
        let handler = rng.pick(["RuntimeError as e", "(ValueError, IndexError) as e", "ShapeError as e", "Exception as e", "KeyError", "ZeroDivisionError as e"])
        let statement = risky.hasPrefix("raise ") || risky.hasPrefix("assert ") ? risky : "y = \(risky)"
        var text = "class ShapeError(\(rng.pick(["Exception", "ValueError", "RuntimeError"]))):\n    pass\ntry:\n    \(statement)\nexcept \(handler):\n"
        text += "    " + rng.pick(["print(e)", "print(type(e).__name__, e)", "raise", "raise RuntimeError('again') from e", "pass", "print(e.args)"])
        if rng.chance(0.3) { text += "\nelse:\n    print(y)" }
        if rng.chance(0.3) { text += "\nfinally:\n    print('done')" }
        return text
    }

    /// `with` a grad mode around a forward pass.
    private mutating func contextBlock(_ depth: Int) -> String {
        let manager = rng.pick(["torch.no_grad()", "torch.enable_grad()", "torch.inference_mode()", "torch.set_grad_enabled(\(atom()))",
                                "torch.no_grad() as g", "torch.no_grad(), torch.enable_grad()"])
        return "with \(manager):\n    y = \(layer(size()))(\(input()))\n    print(y.requires_grad, torch.is_grad_enabled())\n" + body(max(depth - 1, 0), "    ")
    }
}
