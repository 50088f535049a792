"""Random chains of differentiable operations for the autograd fixtures
(`generate_autograd_fixtures.py`, category `chains`).

A chain starts from a leaf `x` (literal values, `requires_grad=True`) and applies 2-5
operations drawn from PyTorch's elementwise arithmetic with broadcasting, unary
functions and activations, reductions, matmul, views and indexing, cat/stack, pad in
every mode, where, interpolate, pooling, batch norm, linear and clamp; some operations
bring new leaves (`a`, `b`, ...), which all require grad. Each proposed operation runs
under PyTorch at once; it is kept only when it succeeds and leaves values that are
finite, moderate, away from the kinks of abs/relu/clamp/where and free of ties where
max/min/max-pool choose an element, so every implementation that is accurate gets
PyTorch's gradients within the fixtures' tolerance. A chain whose float32 gradients
differ from its float64 gradients by more than 1e-6 (relative) is drawn again.
"""

import random

import torch
import torch.nn.functional as F

LEAF_NAMES = "abcdefgkmnpqrstuvw"


def literal(values, shape, dtype):
    """`torch.tensor([...], ...)` source for values laid out in `shape`."""

    def nest(flat, dims):
        if not dims:
            return flat[0]
        step = len(flat) // dims[0] if dims[0] else 0
        return [nest(flat[i * step:(i + 1) * step], dims[1:]) for i in range(dims[0])]

    def text(v):
        if isinstance(v, list):
            return "[" + ", ".join(text(e) for e in v) + "]"
        return repr(v)

    body = text(nest(list(values), list(shape)))
    dtype_arg = ", dtype=torch.float64" if dtype == "float64" else ""
    return f"torch.tensor({body}{dtype_arg}, requires_grad=True)"


def distinct_values(rng, count, low, high, step=0.001):
    """`count` distinct multiples of `step` in [low, high], as short decimals."""
    lo, hi = round(low / step), round(high / step)
    return [round(i * step, 3) for i in rng.sample(range(lo, hi + 1), count)]


def random_shape(rng, max_elements=48):
    while True:
        rank = rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 4])
        shape = [rng.randint(1, 4) if rank > 2 else rng.randint(2, 5) for _ in range(rank)]
        if rank >= 3:
            shape[-1] = max(shape[-1], 2)
            shape[-2] = max(shape[-2], 2)
        n = 1
        for s in shape:
            n *= s
        if 2 <= n <= max_elements:
            return shape


class Chain:
    """One chain being drawn: its source lines and, live, PyTorch's values."""

    def __init__(self, rng, dtype):
        self.rng = rng
        self.dtype = dtype
        self.lines = []
        self.leaves = []
        self.namespace = {"torch": torch, "F": F}
        self.steps = []

    def run(self, line):
        exec(line, self.namespace)
        self.lines.append(line)

    def leaf(self, shape, low=-2.0, high=2.0):
        """A new leaf of `shape` (a pending line, committed with the operation)."""
        name = LEAF_NAMES[len(self.leaves) - 2]
        n = 1
        for s in shape:
            n *= s
        values = distinct_values(self.rng, n, low, high)
        return name, f"{name} = {literal(values, shape, self.dtype)}"


def broadcast_shape(rng, shape):
    """A shape that broadcasts against `shape` (fewer dims, ones, or the same)."""
    choice = rng.random()
    if choice < 0.3:
        return list(shape)
    if choice < 0.55 and len(shape) > 1:
        return list(shape[rng.randint(1, len(shape) - 1):])
    if choice < 0.65 and len(shape) < 4:
        return [2] + list(shape)
    return [s if rng.random() < 0.5 else 1 for s in shape]


def margin(t, kink=0.0):
    """The smallest distance of `t`'s values from `kink`."""
    return (t.detach().double() - kink).abs().min().item()


def no_ties(t):
    d = t.detach().reshape(-1)
    return torch.unique(d).numel() == d.numel()


def propose(chain, h):
    """A random operation on the tensor named `h`: (source expression, new leaf lines)."""
    rng = chain.rng
    t = chain.namespace[h]
    shape = list(t.shape)
    rank = len(shape)
    new = []

    def leaf(shape, low=-2.0, high=2.0):
        chain.leaves.append(None)
        name, line = chain.leaf(shape, low, high)
        new.append(line)
        return name

    def dim():
        return rng.randrange(-rank, rank) if rank else 0

    kind = rng.choice([
        "arith", "arith", "arith", "div", "pow", "exp", "log", "sqrt", "abs", "relu", "sigmoid", "tanh",
        "leaky_relu", "sum", "mean", "maxmin", "matmul", "view", "view", "index", "index", "catstack", "pad",
        "where", "interpolate", "pool", "batch_norm", "linear", "clamp",
    ] + (["pad", "interpolate", "pool", "pool"] if rank in (3, 4) else []))
    if kind == "arith":
        op = rng.choice(["+", "-", "*"])
        form = rng.random()
        if form < 0.6:
            a = leaf(broadcast_shape(rng, shape))
            return (f"{h} {op} {a}" if rng.random() < 0.7 else f"{a} {op} {h}"), new
        if form < 0.8:
            a = leaf(broadcast_shape(rng, shape))
            fn = {"+": "torch.add", "-": "torch.sub", "*": "torch.mul"}[op]
            return (f"{fn}({h}, {a}, alpha=2)" if op != "*" else f"{fn}({h}, {a})"), new
        c = rng.choice(["2.5", "0.5", "3", "-1.5"])
        return (f"{h} {op} {c}" if rng.random() < 0.5 else f"{c} {op} {h}"), new
    if kind == "div":
        form = rng.random()
        if form < 0.5:
            a = leaf(broadcast_shape(rng, shape), 0.5, 2.0)
            return (f"{h} / {a}" if rng.random() < 0.6 else f"torch.div({h}, {a})"), new
        if form < 0.75:
            return f"{h} / {rng.choice(['4', '2.5', '-3.0'])}", new
        return f"2 / ({h} * {h} + 1)", new
    if kind == "pow":
        if rng.random() < 0.85:
            return rng.choice([f"{h} ** 2", f"torch.pow({h}, 3)", f"({h} * {h} + 1) ** 0.5", f"{h}.pow(2)"]), new
        a = leaf(broadcast_shape(rng, shape), 0.5, 1.5)
        return f"({h} * {h} + 1) ** {a}", new
    if kind == "exp":
        if t.abs().max() > 3:
            return None
        return rng.choice([f"torch.exp({h})", f"{h}.exp()"]), new
    if kind == "log":
        if t.min() > 0.2:
            return rng.choice([f"torch.log({h})", f"{h}.log()"]), new
        return f"torch.log({h} * {h} + 1)", new
    if kind == "sqrt":
        if t.min() > 0.2:
            return rng.choice([f"torch.sqrt({h})", f"{h}.sqrt()"]), new
        return f"torch.sqrt({h} * {h} + 0.5)", new
    if kind in ("abs", "relu", "leaky_relu"):
        if margin(t) < 0.01:
            return None
        forms = {
            "abs": [f"{h}.abs()", f"torch.abs({h})"],
            "relu": [f"F.relu({h})", f"torch.relu({h})", f"{h}.relu()"],
            "leaky_relu": [f"F.leaky_relu({h}, 0.1)", f"F.leaky_relu({h})", f"F.leaky_relu({h}, negative_slope=0.2)"],
        }[kind]
        return rng.choice(forms), new
    if kind == "sigmoid":
        return rng.choice([f"torch.sigmoid({h})", f"{h}.sigmoid()", f"F.sigmoid({h})"]), new
    if kind == "tanh":
        return rng.choice([f"torch.tanh({h})", f"{h}.tanh()", f"F.tanh({h})"]), new
    if kind in ("sum", "mean"):
        if rank == 0:
            return None
        forms = [f"{h}.{kind}()", f"{h}.{kind}(dim={dim()})", f"torch.{kind}({h}, {dim()}, keepdim=True)",
                 f"{h}.{kind}(dim=(0, -1))" if rank >= 2 else f"{h}.{kind}(0)"]
        return rng.choice(forms), new
    if kind == "maxmin":
        if rank == 0 or not no_ties(t):
            return None
        fn = rng.choice(["max", "min"])
        form = rng.random()
        if form < 0.35:
            return f"{h}.{fn}(dim={dim()}).values", new
        if form < 0.65:
            return f"torch.{fn}({h}, {dim()})[0]", new
        if form < 0.85:
            return f"{h}.{fn}(dim={dim()}, keepdim=True)[0]", new
        return f"torch.{fn}({h})", new
    if kind == "matmul":
        if rank == 0:
            return None
        form = rng.random()
        if form < 0.5 or rank == 1:
            a = leaf([shape[-1], rng.randint(1, 4)])
            return (f"{h} @ {a}" if rng.random() < 0.6 else f"torch.matmul({h}, {a})"), new
        if form < 0.75 and rank == 2:
            a = leaf([shape[-1], rng.randint(1, 4)])
            return f"{h}.mm({a})", new
        a = leaf([rng.randint(1, 4), shape[-2]])
        return f"{a} @ {h}", new
    if kind == "view":
        if rank == 0:
            return None
        form = rng.choice(["view", "reshape", "transpose", "permute", "unsqueeze", "squeeze", "expand", "t"])
        n = t.numel()
        if form == "view":
            return rng.choice([f"{h}.view(-1)", f"{h}.view({n}, 1)", f"{h}.contiguous().view(1, -1)"]), new
        if form == "reshape":
            divisors = [d for d in range(1, n + 1) if n % d == 0]
            d = rng.choice(divisors)
            return rng.choice([f"{h}.reshape({d}, -1)", f"torch.reshape({h}, ({n // d}, {d}))", f"{h}.reshape(-1)"]), new
        if form == "transpose" and rank >= 2:
            d0, d1 = rng.sample(range(rank), 2)
            return rng.choice([f"{h}.transpose({d0}, {d1})", f"torch.transpose({h}, {d0}, {d1})"]), new
        if form == "permute" and rank >= 2:
            perm = list(range(rank))
            while perm == list(range(rank)):
                rng.shuffle(perm)
            return f"{h}.permute({', '.join(map(str, perm))})", new
        if form == "t" and rank == 2:
            return rng.choice([f"{h}.t()", f"{h}.T"]), new
        if form == "unsqueeze" and rank < 4:
            return rng.choice([f"{h}.unsqueeze({rng.randint(0, rank)})", f"torch.unsqueeze({h}, -1)"]), new
        if form == "squeeze" and 1 in shape:
            return rng.choice([f"{h}.squeeze()", f"{h}.squeeze({shape.index(1)})"]), new
        if form == "expand" and rank < 4:
            if 1 in shape:
                target = [rng.randint(2, 3) if s == 1 else s for s in shape]
                return f"{h}.expand({', '.join(map(str, target))})", new
            return f"{h}.expand(2, {', '.join('-1' for _ in shape)})", new
        return None
    if kind == "index":
        if rank == 0:
            return None
        form = rng.random()
        if form < 0.2:
            return f"{h}[{rng.randrange(-shape[0], shape[0])}]", new
        if form < 0.4 and shape[0] > 1:
            return rng.choice([f"{h}[1:]", f"{h}[:-1]", f"{h}[::2]"]), new
        if form < 0.6 and rank >= 2 and shape[1] > 1:
            return rng.choice([f"{h}[:, 1:]", f"{h}[..., ::2]", f"{h}[:, 0]", f"{h}[..., -1]"]), new
        if form < 0.8:
            idx = [rng.randrange(shape[0]) for _ in range(rng.randint(2, 4))]
            return f"{h}[torch.tensor({idx})]", new
        if margin(t) < 0.01:
            return None
        return f"{h}[{h} > 0]", new
    if kind == "catstack":
        if rank == 0:
            return None
        d = rng.randrange(rank)
        if rng.random() < 0.5:
            other = list(shape)
            other[d] = rng.randint(1, 3)
            a = leaf(other)
            return rng.choice([f"torch.cat([{h}, {a}], dim={d})", f"torch.cat(({a}, {h}), {d - rank})"]), new
        a = leaf(shape)
        return rng.choice([f"torch.stack([{h}, {a}])", f"torch.stack(({a}, {h}), dim={rng.randint(0, rank)})"]), new
    if kind == "pad":
        mode = rng.choice(["constant", "constant", "reflect", "replicate", "circular"])
        if mode == "constant":
            pads = rng.choice(["(1, 2)", "(1, 0, 0, 2)", "(2, 1, 1, 1, 0, 1)"])
            return rng.choice([f"F.pad({h}, {pads})", f"F.pad({h}, {pads}, value=0.5)"]), new
        if rank not in (2, 3, 4):
            return None
        width = 1 if shape[-1] <= 2 else 2
        pads = f"({width}, 1)" if rank == 2 or rng.random() < 0.4 else f"(1, {width}, 1, 0)"
        return f"F.pad({h}, {pads}, mode='{mode}')", new
    if kind == "where":
        form = rng.random()
        if margin(t) < 0.01:
            return None
        if form < 0.6:
            a = leaf(broadcast_shape(rng, shape))
            return f"torch.where({h} > 0, {h}, {a})", new
        return rng.choice([f"torch.where({h} < 0, {h} * 2, {h})", f"torch.where({h} > 0, {h}, 0.0)"]), new
    if kind == "interpolate":
        if rank == 3:
            return rng.choice([f"F.interpolate({h}, scale_factor=2)", f"F.interpolate({h}, size=5, mode='nearest')",
                               f"F.interpolate({h}, scale_factor=2, mode='linear')"]), new
        if rank == 4:
            return rng.choice([
                f"F.interpolate({h}, scale_factor=2, mode='nearest')",
                f"F.interpolate({h}, size=(3, 5))",
                f"F.interpolate({h}, scale_factor=2, mode='bilinear')",
                f"F.interpolate({h}, size=(4, 3), mode='bilinear', align_corners=True)",
                f"F.interpolate({h}, scale_factor=1.5, mode='bilinear', align_corners=False)",
            ]), new
        return None
    if kind == "pool":
        if rank not in (3, 4) or shape[-1] < 2 or shape[-2] < 2:
            return None
        if rng.random() < 0.5:
            if not no_ties(t):
                return None
            return rng.choice([f"F.max_pool2d({h}, 2)", f"F.max_pool2d({h}, 2, stride=1)",
                               f"F.max_pool2d({h}, 3, stride=1, padding=1)", f"F.max_pool2d({h}, (2, 1))"]), new
        return rng.choice([f"F.avg_pool2d({h}, 2)", f"F.avg_pool2d({h}, 2, stride=1)",
                           f"F.avg_pool2d({h}, 3, stride=1, padding=1)",
                           f"F.avg_pool2d({h}, 3, stride=1, padding=1, count_include_pad=False)"]), new
    if kind == "batch_norm":
        if rank < 2 or rank > 4:
            return None
        c = shape[1]
        w = leaf([c], 0.5, 1.5)
        b = leaf([c])
        if rng.random() < 0.6:
            return f"F.batch_norm({h}, None, None, {w}, {b}, training=True)", new
        return f"F.batch_norm({h}, torch.zeros({c}), torch.ones({c}) * 2, {w}, {b})", new
    if kind == "linear":
        if rank == 0:
            return None
        m = rng.randint(1, 4)
        w = leaf([m, shape[-1]])
        if rng.random() < 0.6:
            b = leaf([m])
            return f"F.linear({h}, {w}, {b})", new
        return f"F.linear({h}, {w})", new
    if kind == "clamp":
        lo, hi = rng.choice([(-0.5, 0.5), (0.1, None), (None, 1.0), (-1.0, 1.0)])
        for bound in (lo, hi):
            if bound is not None and margin(t, bound) < 0.01:
                return None
        if lo is not None and hi is not None:
            return rng.choice([f"{h}.clamp({lo}, {hi})", f"torch.clamp({h}, min={lo}, max={hi})"]), new
        if lo is not None:
            return f"{h}.clamp(min={lo})", new
        return f"torch.clamp({h}, max={hi})", new
    raise AssertionError(kind)


def acceptable(value, previous):
    if not isinstance(value, torch.Tensor) or not value.requires_grad or value.numel() == 0:
        return False
    if value.numel() > 400 or value.dim() > 5:
        return False
    v = value.detach()
    return bool(torch.isfinite(v).all()) and v.abs().max() < 100 and value is not previous


def draw_chain(rng, dtype):
    """One chain: the program's lines (without the imports) and its leaves' names."""
    chain = Chain(rng, dtype)
    shape = random_shape(rng)
    n = 1
    for s in shape:
        n *= s
    chain.leaves.append("x")
    chain.run(f"x = {literal(distinct_values(rng, n, -2, 2), shape, dtype)}")
    h = "x"
    steps = rng.randint(2, 5)
    names = []
    attempts = 0
    while len(names) < steps and attempts < 200:
        attempts += 1
        leaves_before = len(chain.leaves)
        proposal = propose(chain, h)
        if proposal is None:
            del chain.leaves[leaves_before:]
            continue
        expression, new_lines = proposal
        target = "y" if len(names) == steps - 1 else f"h{len(names) + 1}"
        trial = dict(chain.namespace)
        try:
            for line in new_lines:
                exec(line, trial)
            exec(f"{target} = {expression}", trial)
        except Exception:  # noqa: BLE001 - PyTorch refused the shapes: draw another operation
            del chain.leaves[leaves_before:]
            continue
        if not acceptable(trial[target], chain.namespace[h]):
            del chain.leaves[leaves_before:]
            continue
        for line in new_lines:
            chain.run(line)
        chain.run(f"{target} = {expression}")
        names.append(target)
        h = target
        if chain.namespace[h].dim() == 0 and len(names) < steps:
            # A scalar ends the chain early: rename its last step to y.
            chain.lines[-1] = chain.lines[-1].replace(f"{target} = ", "y = ", 1)
            chain.namespace["y"] = chain.namespace[target]
            names[-1] = "y"
            break
    if names and names[-1] != "y":
        return None
    leaves = [name for name in ["x"] + list(LEAF_NAMES) if name in chain.namespace and name in
              {line.split(" = ", 1)[0] for line in chain.lines}]
    return chain, names, leaves


def chain_program(rng, dtype, backward_style):
    """(source, value expressions) of one chain program, or None when the draw failed."""
    drawn = draw_chain(rng, dtype)
    if drawn is None:
        return None
    chain, names, leaves = drawn
    lines = ["import torch", "import torch.nn.functional as F"] + chain.lines
    for name in names:
        lines.append(f"print({name}.grad_fn.name(), tuple({name}.shape))" if backward_style % 2
                     else f"print(type({name}.grad_fn).__name__, {name}.shape)")
    lines.append("print(y.requires_grad, y.is_leaf, x.is_leaf, x.grad)")
    y = chain.namespace["y"]
    if y.dim() == 0:
        lines.append("y.backward()")
    else:
        n = y.numel()
        g_values = [float((i * 7) % 11 - 5) for i in range(n)]
        g = literal(g_values, list(y.shape), dtype).replace(", requires_grad=True", "")
        if backward_style % 3 == 0:
            lines.append(f"(y * {g}).sum().backward()")
        else:
            lines.append(f"y.backward({g})")
    lines.append(f"print({', '.join(f'{leaf}.grad.shape == {leaf}.shape' for leaf in leaves)})")
    return "\n".join(lines), [f"{leaf}.grad" for leaf in leaves]
