"""One case per differentiable operation of the language, for the autograd fixtures
(`generate_autograd_fixtures.py`, category `ops`): each applies one operation to leaves
`x` and `y` (and `b` where it is used), prints the node's name, `requires_grad` and the
shape, backpropagates an upstream gradient of small integers and records `x.grad` and
`y.grad` (`None` where PyTorch leaves it `None`).

The list is what ConvLang computes without gradients (as of issue 17): arithmetic and
unary functions, reductions, views and indexing, copies and casts, matrix products,
cat/stack/where, activations, pad in every mode, interpolate, pooling, batch norm,
unfold, pixel shuffle and the convolutions. The values keep away from the kinks of
relu, abs and clamp and from ties, so the gradients are well defined.
"""

import re

OPERATIONS = [
    'x + 1',
    'x - y',
    'x * y',
    'x / y',
    'x ** 2',
    'x ** y',
    '2 ** x',
    '-x',
    'x.neg()',
    'x.abs()',
    'x.exp()',
    'x.log()',
    'x.sqrt()',
    'x.sigmoid()',
    'x.pow(3)',
    'x.round()',
    'x.clamp(0.2, 0.8)',
    'x.clip(0.2, 0.8)',
    'x.sum()',
    'x.sum(0)',
    'x.mean(1)',
    'x.std()',
    'x.var(1)',
    'x.max()',
    'x.min()',
    'x.max(0)[0]',
    'x.amax(1)',
    'x.amin(0)',
    'x.t()',
    'x.T',
    'x.mT',
    'x.transpose(0, 1)',
    'x.permute(1, 0)',
    'x.view(4, 3)',
    'x.view(-1)',
    'x.reshape(2, 6)',
    'x.flatten()',
    'x.unsqueeze(0)',
    'x.unsqueeze(0).squeeze(0)',
    'x.expand(2, 3, 4)',
    'x.expand_as(torch.ones(2, 3, 4))',
    'x.flip(0)',
    'x.narrow(1, 1, 2)',
    'x.select(0, 1)',
    'x[1]',
    'x[:, 1:3]',
    'x[..., ::2]',
    'x[torch.tensor([0, 2])]',
    'x[x > 0.5]',
    'x.chunk(2, 1)[0]',
    'x.split(2, 1)[1]',
    'x.unbind(0)[1]',
    'x.diagonal()',
    'x.unfold(1, 2, 1)',
    'x.contiguous()',
    'x.clone()',
    'x.float()',
    'x.double()',
    'x.to(torch.float64)',
    'x.type(torch.float64)',
    'x.masked_fill(x > 0.5, 0.0)',
    'x.movedim(0, 1)',
    'x.swapaxes(0, 1)',
    'x.unflatten(1, (2, 2))',
    'x.view_as(y)',
    'x.reshape_as(y)',
    'x.as_strided((2, 2), (1, 2))',
    'x.matmul(y.t())',
    'x @ y.t()',
    'torch.mm(x, y.t())',
    'torch.matmul(x, y.t())',
    'torch.bmm(x.unsqueeze(0), y.t().unsqueeze(0))',
    'torch.cat([x, y])',
    'torch.stack([x, y])',
    'torch.where(x > 0.5, x, y)',
    'torch.flip(x, [1])',
    'torch.permute(x, (1, 0))',
    'torch.reshape(x, (12,))',
    'torch.exp(x)',
    'torch.log(x)',
    'torch.sqrt(x)',
    'torch.abs(x)',
    'torch.tanh(x)',
    'torch.sigmoid(x)',
    'torch.relu(x)',
    'torch.clamp(x, 0.2, 0.8)',
    'torch.sum(x, 1)',
    'torch.mean(x)',
    'torch.max(x, 1)[0]',
    'torch.min(x, 1).values',
    'torch.maximum(x, y)',
    'torch.minimum(x, y)',
    'torch.transpose(x, 0, 1)',
    'torch.squeeze(x.unsqueeze(0))',
    'torch.unsqueeze(x, 1)',
    'torch.flatten(x)',
    'torch.add(x, y)',
    'torch.sub(x, y)',
    'torch.mul(x, y)',
    'torch.div(x, y)',
    'torch.pow(x, 2)',
    'torch.clone(x)',
    'F.relu(x)',
    'F.leaky_relu(x, 0.1)',
    'F.sigmoid(x)',
    'F.tanh(x)',
    'F.dropout(x, 0.0)',
    'F.linear(x, y)',
    'F.pad(x, (1, 1))',
    "F.pad(x.unsqueeze(0), (1, 1), mode='reflect')",
    'F.interpolate(x.unsqueeze(0), scale_factor=2)',
    'F.max_pool1d(x.unsqueeze(0), 2)',
    'F.avg_pool1d(x.unsqueeze(0), 2)',
    'F.max_pool2d(x.unsqueeze(0), 2)',
    'F.avg_pool2d(x.unsqueeze(0), 2)',
    'F.batch_norm(x, None, None, training=True)',
    'F.unfold(x.reshape(1, 1, 3, 4), 2)',
    'F.pixel_shuffle(x.reshape(1, 4, 3, 1), 2)',
    'F.pixel_unshuffle(x.reshape(1, 1, 2, 6), 2)',
    'F.conv1d(x.unsqueeze(0), y[:1].reshape(1, 1, 4).expand(1, 3, 4).contiguous())',
    'F.conv2d(x.reshape(1, 1, 3, 4), y.reshape(1, 1, 3, 4))',
    'F.conv_transpose2d(x.reshape(1, 1, 3, 4), y.reshape(1, 1, 3, 4))',
    'F.linear(x, y, b)',
    'x.sum(dim=(0, 1), keepdim=True)',
    'x.mean()',
    'x.var()',
    'x.std(0)',
    'x.max(dim=1, keepdim=True).values',
    'x.reshape(-1)[::3]',
    'x.expand(2, 3, 4).sum(0)',
    'x.div(2)',
    'x.mul(y)',
    'x.add(y)',
    'x.sub(y)',
    'x.exp().log()',
    '(x * y).sum()',
    'torch.where(x > 0.5, x, 0.0)',
    "F.interpolate(x.reshape(1, 1, 3, 4), scale_factor=2, mode='bilinear')",
    "F.interpolate(x.reshape(1, 1, 3, 4), size=(4, 5), mode='bilinear', align_corners=True)",
    "F.interpolate(x.reshape(1, 1, 3, 4), size=(5, 7), mode='nearest')",
    "F.pad(x.reshape(1, 1, 3, 4), (1, 2, 2, 1), mode='replicate')",
    "F.pad(x.reshape(1, 1, 3, 4), (1, 2, 2, 1), mode='circular')",
    "F.pad(x.reshape(1, 1, 3, 4), (1, 2, 2, 1), mode='reflect')",
    'F.pad(x, (1, 0, 0, 2), value=0.5)',
    'F.max_pool2d(x.reshape(1, 1, 3, 4), 2, stride=1)',
    'F.avg_pool2d(x.reshape(1, 1, 3, 4), 3, stride=1, padding=1)',
    'F.avg_pool2d(x.reshape(1, 1, 3, 4), 3, stride=1, padding=1, count_include_pad=False)',
    'F.batch_norm(x.reshape(3, 2, 2), None, None, y[0, :2], y[1, :2], training=True)',
    'F.batch_norm(x.reshape(3, 2, 2), torch.zeros(2), torch.ones(2), b[:2], None)',
    'x.clamp(min=0.3)',
    'x.clamp(max=0.6)',
    'torch.cat([x, y], dim=1)',
    'torch.stack([x, y], dim=2)',
    'x[1:, [0, 3]]',
    'x[:, None, 2]',
    'x[-1, 1::2]',
]

X = "[[0.15, 0.72, 0.33, 0.91], [0.24, 0.61, 0.86, 0.42], [0.57, 0.18, 0.95, 0.36]]"
Y = "[[0.31, 0.52, 0.27, 0.13], [0.94, 0.63, 0.44, 0.81], [0.26, 0.77, 0.48, 0.69]]"
B = "[0.5, -0.25, 0.75]"


def case_id(expression):
    """A readable id: `x.sum(0)` -> `sum_0`, `F.pad(x, (1, 1))` -> `F_pad_x_1_1`."""
    text = re.sub(r"\bx\.", "", expression)
    text = text.replace("**", " pow ").replace("@", " matmul ").replace("[", " index ")
    text = text.replace("+", " plus ").replace(" - ", " minus ").replace("*", " times ").replace("/", " div ")
    text = text.replace(">", " gt ").replace("-", " neg ")
    return re.sub(r"\W+", "_", text).strip("_")


def op_cases():
    """(id, source, value expressions) of every operation, float32, and a float64 few."""
    cases = []
    for expression in OPERATIONS:
        for dtype in ("float32", "float64") if expression in FLOAT64 else ("float32",):
            dtype_arg = ", dtype=torch.float64" if dtype == "float64" else ""
            lines = ["import torch", "import torch.nn.functional as F",
                     f"x = torch.tensor({X}{dtype_arg}, requires_grad=True)",
                     f"y = torch.tensor({Y}{dtype_arg}, requires_grad=True)"]
            values = ["x.grad", "y.grad"]
            if re.search(r"\bb\b", expression):
                lines.append(f"b = torch.tensor({B}{dtype_arg}, requires_grad=True)")
                values.append("b.grad")
            lines += [
                f"r = {expression}",
                "print(type(r.grad_fn).__name__, r.requires_grad, r.shape, r.dtype)",
                "g = (torch.arange(r.numel()) % 5 - 2).to(r.dtype).reshape(r.shape)",
                "r.backward(g)",
                f"print({', '.join(v + ' is None' for v in values)})",
            ]
            suffix = "_float64" if dtype == "float64" else ""
            cases.append((f"op_{case_id(expression)}{suffix}", "\n".join(lines), values))
    return cases


FLOAT64 = {
    "x / y", "x ** y", "x.log()", "x.sqrt()", "x.sigmoid()", "x.std()", "x.var(1)", "x @ y.t()",
    "torch.tanh(x)", "F.batch_norm(x, None, None, training=True)",
    "F.interpolate(x.reshape(1, 1, 3, 4), scale_factor=2, mode='bilinear')",
    "F.conv2d(x.reshape(1, 1, 3, 4), y.reshape(1, 1, 3, 4))",
    "F.conv_transpose2d(x.reshape(1, 1, 3, 4), y.reshape(1, 1, 3, 4))",
}
