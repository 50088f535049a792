"""Hand-written autograd programs for `generate_autograd_fixtures.py`: the API
(category `api`), PyTorch's autograd errors (`errors`), optimisers and losses (`optim`)
and the articles' claims (`teaching`).

Each case is (id, source, value expressions): the expressions are evaluated after the
program and their tensors compared within a tolerance; what the program prints must be
PyTorch's exactly, so it prints only exactly reproducible values (integers, shapes,
names, booleans, losses built from binary fractions).
"""

H = "import torch\n"
HF = "import torch\nimport torch.nn.functional as F\n"
HN = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"

API = [
    ("creation_factories", H + """print(torch.ones(2, requires_grad=True))
print(torch.zeros(2, 2, requires_grad=True))
print(torch.tensor([1.5, -2.0], requires_grad=True))
print(torch.full((2,), 3.0, requires_grad=True))
print(torch.arange(3.0, requires_grad=True))
print(torch.linspace(0, 1, 3, requires_grad=True))
print(torch.eye(2, requires_grad=True))
print(torch.ones(2, dtype=torch.float64, requires_grad=True))
print(torch.zeros_like(torch.ones(3), requires_grad=True))
print(torch.ones(2, requires_grad=False))""", []),
    ("creation_scalar_and_empty", H + """a = torch.tensor(2.5, requires_grad=True)
print(a, a.shape, a.is_leaf, a.grad_fn)
print(torch.zeros(0, requires_grad=True))
print(torch.ones(1, 2, requires_grad=True).requires_grad)""", []),
    ("requires_grad_method", H + """x = torch.arange(4.).reshape(2, 2)
print(x.requires_grad, x.is_leaf)
y = x.requires_grad_()
print(y is x, x.requires_grad, x.is_leaf, x.grad_fn)
print(x)
x.requires_grad_(False)
print(x.requires_grad, x)""", []),
    ("requires_grad_attribute", H + """x = torch.ones(3)
x.requires_grad = True
print(x)
(x * x).sum().backward()
print(x.grad)
x.requires_grad = False
print(x, x.grad)""", ["x.grad"]),
    ("propagation", H + """a = torch.ones(2, requires_grad=True)
b = torch.ones(2)
print((a + b).requires_grad, (b * 2).requires_grad, (a * b).is_leaf, b.is_leaf)
c = a + b
print(c)
print((b + 1).grad_fn)
print(a.long().requires_grad, (a > 0).requires_grad, a.argmax().requires_grad)
print(a.double().grad_fn.name(), a.float() is a)""", []),
    ("grad_printout_integer", H + """x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = (x * x * 3).sum()
print(y)
print(x.grad)
y.backward()
print(x.grad)
print(x.grad.requires_grad, x.grad.is_leaf, x.grad.grad_fn)""", ["x.grad"]),
    ("printing_grad_fn_variants", H + """x = torch.tensor([1., 2., 3.], requires_grad=True)
print(x * 2)
print(x.sum())
print(x.mean())
print(x.view(3, 1))
print(x[1])
print(x.double())
print(x.exp().shape, x.exp().dtype)
print(torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True) * 2)
print([x + 1, (x - 1).sum()])""", []),
    ("grad_fn_object", H + """x = torch.tensor([1., 2.], requires_grad=True)
w = torch.tensor([3., 4.], requires_grad=True)
y = x * w + 1
print(y.grad_fn)
print(type(y.grad_fn).__name__, y.grad_fn.name())
print(y.grad_fn.next_functions)
print(y.grad_fn.next_functions[0][0].next_functions)
acc = y.grad_fn.next_functions[0][0].next_functions[0][0]
print(acc.name(), type(acc).__name__, acc.variable is x)
print(x.grad_fn, acc.next_functions)""", []),
    ("grad_fn_constant_operand", H + """x = torch.tensor([1., 2.], requires_grad=True)
c = torch.tensor([5., 6.])
print((x * c).grad_fn.next_functions)
print((c * x).grad_fn.next_functions)
print((x * 2).grad_fn.next_functions)
print(torch.cat([c, x]).grad_fn.next_functions)
print(torch.stack([x, x]).grad_fn.next_functions)""", []),
    ("grad_fn_shared_accumulate", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x * x
a, b = y.grad_fn.next_functions
print(a[0] is b[0], a[1], b[1])
print(x.sum().grad_fn.next_functions[0][0] is a[0])""", []),
    ("is_leaf_cases", H + """import torch.nn as nn
a = torch.ones(2, requires_grad=True)
print(a.is_leaf, (a * 2).is_leaf, a.detach().is_leaf, torch.ones(2).is_leaf)
print((torch.ones(2) * 2).is_leaf, a.clone().is_leaf, a[0].is_leaf)
print(nn.Linear(2, 2).weight.is_leaf)
b = torch.ones(2, requires_grad=True) + 0
print(b.is_leaf, b.requires_grad)""", []),
    ("accumulation_two_backward", H + """x = torch.tensor([1., -2., 3.], requires_grad=True)
(x * x).sum().backward()
print(x.grad)
(x * x).sum().backward()
print(x.grad)
(3 * x).sum().backward()
print(x.grad)""", ["x.grad"]),
    ("zero_grad_in_place", H + """x = torch.tensor([1., 2.], requires_grad=True)
(x ** 2).sum().backward()
g = x.grad
print(g)
x.grad.zero_()
print(x.grad, g is x.grad)
(x ** 2).sum().backward()
print(x.grad, g is x.grad)""", ["x.grad"]),
    ("grad_set_none", H + """x = torch.tensor([1., 2.], requires_grad=True)
(x * 4).sum().backward()
print(x.grad)
x.grad = None
print(x.grad)
(x * 5).sum().backward()
print(x.grad)
x.grad = torch.tensor([10., 20.])
(x * 1).sum().backward()
print(x.grad)""", ["x.grad"]),
    ("backward_gradient_argument", H + """x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * x
y.backward(torch.tensor([1., 0.5, -1.]))
print(x.grad)
x.grad = None
y = x * 3
y.backward(gradient=torch.tensor([2., 2., 2.]))
print(x.grad)
x.grad = None
s = (x * x).sum()
s.backward(torch.tensor(2.))
print(x.grad)""", ["x.grad"]),
    ("backward_integer_gradient", H + """x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * x
y.backward(torch.tensor([1, 0, -2]))
print(x.grad)
g, = torch.autograd.grad(x * 3, x, grad_outputs=torch.tensor([2, 2, 2]))
print(g, g.dtype)""", ["x.grad", "g"]),
    ("backward_integer_gradient_through_conv", HF + """x = torch.arange(8.).reshape(1, 1, 8).requires_grad_()
w = torch.tensor([[[1., -1., 2.]]], requires_grad=True)
y = F.conv1d(x, w, stride=2)
y.backward(torch.tensor([[[1, -2, 3]]]))
print(x.grad)
print(w.grad)""", ["x.grad", "w.grad"]),
    ("retain_graph_second_backward", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = (x * x).sum()
y.backward(retain_graph=True)
print(x.grad)
y.backward()
print(x.grad)""", ["x.grad"]),
    ("backward_graph_without_saved_tensors_twice", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = (x + 1).sum()
y.backward()
y.backward()
print(x.grad)""", ["x.grad"]),
    ("retain_grad_intermediate", H + """x = torch.tensor([1., 2., 3.], requires_grad=True)
h = x * 2
h.retain_grad()
print(h.retains_grad, x.retains_grad)
y = (h * h).sum()
y.backward()
print(h.grad)
print(x.grad)
print(y.grad)""", ["h.grad", "x.grad", "y.grad"]),
    ("retain_grad_not_called", H + """x = torch.tensor([1., 2.], requires_grad=True)
h = x * 3
(h * h).sum().backward()
print(h.grad, h.retains_grad)
print(x.grad)""", ["h.grad", "x.grad"]),
    ("retain_grad_on_leaf_and_view", H + """x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
x.retain_grad()
v = x[0]
v.retain_grad()
(v * torch.tensor([5., 7.])).sum().backward()
print(v.grad)
print(x.grad)""", ["v.grad", "x.grad"]),
    ("detach_basics", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
d = y.detach()
print(d, d.requires_grad, d.is_leaf, d.grad_fn)
print(d.data_ptr() == y.data_ptr())
d2 = x.detach()
d2[0] = 10.
print(x)""", []),
    ("detach_cuts_the_graph", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x * x
z = y.detach() * x
z.sum().backward()
print(x.grad)
w = x.detach().requires_grad_()
print(w.is_leaf, w.requires_grad, w is x)""", ["x.grad"]),
    ("data_attribute_update", H + """w = torch.tensor([1., 2.], requires_grad=True)
(w * w).sum().backward()
w.data -= 0.5 * w.grad
print(w)
print(w.data, w.data.requires_grad)""", ["w.grad", "w"]),
    ("manual_sgd_no_grad", H + """w = torch.tensor([4., -2.], requires_grad=True)
for step in range(3):
    loss = (w * w).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.25 * w.grad
    w.grad.zero_()
    print(step, loss.item(), w)
print(w.is_leaf, w.grad)""", ["w"]),
    ("autograd_grad_basic", H + """x = torch.tensor([1., 2., 3.], requires_grad=True)
y = (x * x).sum()
g = torch.autograd.grad(y, x)
print(type(g).__name__, len(g))
print(g[0])
print(x.grad)""", ["g[0]", "x.grad"]),
    ("autograd_grad_outputs", H + """x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * x
g, = torch.autograd.grad(y, x, grad_outputs=torch.tensor([1., -1., 2.]))
print(g)
g2, = torch.autograd.grad([x * 2], [x], [torch.ones(3)])
print(g2)""", ["g", "g2"]),
    ("autograd_grad_several_inputs", H + """a = torch.tensor([1., 2.], requires_grad=True)
b = torch.tensor([3., 4.], requires_grad=True)
y = (a * b + b).sum()
ga, gb = torch.autograd.grad(y, [a, b])
print(ga, gb)
print(a.grad, b.grad)""", ["ga", "gb"]),
    ("autograd_grad_several_outputs", H + """x = torch.tensor([1., 2.], requires_grad=True)
y1 = (x * x).sum()
y2 = (x * 3).sum()
g, = torch.autograd.grad([y1, y2], x)
print(g)""", ["g"]),
    ("autograd_grad_retain_graph", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = (x ** 3).sum()
g1, = torch.autograd.grad(y, x, retain_graph=True)
g2, = torch.autograd.grad(y, x)
print(g1, g2, torch.equal(g1, g2))""", ["g1", "g2"]),
    ("autograd_grad_create_graph_second_derivative", H + """x = torch.tensor([1., 2., -1.], requires_grad=True)
y = (x ** 3).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
print(g)
print(g.requires_grad, g.is_leaf)
h, = torch.autograd.grad(g.sum(), x)
print(h)""", ["g", "h"]),
    ("create_graph_backward_second_derivative", H + """x = torch.tensor([2.], requires_grad=True)
y = x ** 4
g, = torch.autograd.grad(y, x, create_graph=True)
g.backward()
print(g, x.grad)""", ["g", "x.grad"]),
    ("create_graph_third_derivative_sin", H + """x = torch.tensor([0.5, 1.0], dtype=torch.float64, requires_grad=True)
y = torch.sin(x).sum()
g1, = torch.autograd.grad(y, x, create_graph=True)
g2, = torch.autograd.grad(g1.sum(), x, create_graph=True)
g3, = torch.autograd.grad(g2.sum(), x)
print(torch.allclose(g1, torch.cos(x)), torch.allclose(g2, -torch.sin(x)), torch.allclose(g3, -torch.cos(x)))""",
     ["g1", "g2", "g3"]),
    ("autograd_grad_allow_unused", H + """x = torch.tensor([1., 2.], requires_grad=True)
z = torch.tensor([3.], requires_grad=True)
y = (x * 2).sum()
gx, gz = torch.autograd.grad(y, [x, z], allow_unused=True)
print(gx, gz)""", ["gx", "gz"]),
    ("autograd_backward_function", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x * x
torch.autograd.backward(y, torch.tensor([1., 1.]))
print(x.grad)
torch.autograd.backward([(x * 3).sum()])
print(x.grad)""", ["x.grad"]),
    ("backward_inputs_argument", H + """a = torch.tensor([1., 2.], requires_grad=True)
b = torch.tensor([3., 4.], requires_grad=True)
(a * b).sum().backward(inputs=[a])
print(a.grad, b.grad)""", ["a.grad", "b.grad"]),
    ("no_grad_context", H + """x = torch.ones(2, requires_grad=True)
with torch.no_grad():
    y = x * 2
    print(torch.is_grad_enabled())
print(y, y.requires_grad, y.grad_fn, y.is_leaf)
print(torch.is_grad_enabled())
z = x * 2
print(z.requires_grad)""", []),
    ("no_grad_decorator", H + """@torch.no_grad()
def double(t):
    return t * 2
x = torch.ones(2, requires_grad=True)
y = double(x)
print(y.requires_grad, torch.is_grad_enabled())""", []),
    ("enable_grad_inside_no_grad", H + """x = torch.ones(2, requires_grad=True)
with torch.no_grad():
    with torch.enable_grad():
        y = x * 2
        print(torch.is_grad_enabled())
    z = x * 2
print(y.requires_grad, z.requires_grad)""", []),
    ("set_grad_enabled", H + """x = torch.ones(2, requires_grad=True)
with torch.set_grad_enabled(False):
    y = x * 2
print(y.requires_grad, torch.is_grad_enabled())
torch.set_grad_enabled(False)
z = x * 2
print(z.requires_grad, torch.is_grad_enabled())
torch.set_grad_enabled(True)
w = x * 2
print(w.requires_grad, torch.is_grad_enabled())
is_train = False
with torch.set_grad_enabled(is_train):
    v = x * 2
print(v.requires_grad)""", []),
    ("inference_mode", H + """x = torch.ones(2, requires_grad=True)
with torch.inference_mode():
    y = x * 2
    print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())
print(y.requires_grad, y.is_inference(), x.is_inference())
print(torch.is_inference_mode_enabled())
with torch.inference_mode(False):
    z = x * 2
print(z.requires_grad)""", []),
    ("no_grad_in_place_on_leaf", H + """x = torch.ones(3, requires_grad=True)
with torch.no_grad():
    x.mul_(3)
    x[0] = 5.
print(x, x.is_leaf, x.grad_fn)
(x * x).sum().backward()
print(x.grad)""", ["x.grad"]),
    ("in_place_on_non_leaf", H + """x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 1
y.add_(1)
print(y.grad_fn.name())
y.mul_(2)
print(y, y._version)
y.sum().backward()
print(x.grad)""", ["x.grad"]),
    ("copy_slices", H + """x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x.clone()
print(y.grad_fn)
y[0] = 7.
print(y.grad_fn.name())
print(y)
(y * torch.tensor([1., 2., 3.])).sum().backward()
print(x.grad)""", ["x.grad"]),
    ("setitem_with_grad_value", H + """x = torch.tensor([1., 2.], requires_grad=True)
buf = torch.zeros(4)
buf[1:3] = x * 2
print(buf.requires_grad, buf.grad_fn.name(), buf.is_leaf)
(buf * buf).sum().backward()
print(x.grad)""", ["x.grad"]),
    ("python_sum_of_tensors", H + """x = torch.tensor([1., 2.], requires_grad=True)
total = sum([x, x * 2, x * 3])
print(total)
total.sum().backward()
print(x.grad)""", ["x.grad"]),
    ("item_and_tolist", H + """x = torch.tensor([1.5, 2.5], requires_grad=True)
s = x.sum()
print(s.item(), type(s.item()).__name__)
print(x.tolist(), (x * 2).tolist())""", []),
    ("parameter_printouts", H + """import torch.nn as nn
p = nn.Parameter(torch.tensor([1., 2.]))
print(p)
print(repr(p))
print(type(p).__name__, p.requires_grad, p.is_leaf, p.grad)
q = nn.Parameter(torch.ones(2, 2), requires_grad=False)
print(q)
print(nn.Parameter(torch.tensor(3.)))
print(nn.Parameter(torch.ones(2, dtype=torch.float64)))""", []),
    ("parameter_arithmetic", H + """import torch.nn as nn
p = nn.Parameter(torch.tensor([1., 2.]))
y = p * 2
print(type(y).__name__, y)
print(isinstance(p, torch.Tensor), isinstance(y, nn.Parameter))
y.sum().backward()
print(p.grad)""", ["p.grad"]),
    ("module_parameters_requires_grad", H + """import torch.nn as nn
torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Linear(2, 1))
print([(n, p.requires_grad) for n, p in net.named_parameters()])
print([b.requires_grad for b in net.buffers()])
net[0].weight.requires_grad_(False)
print([p.requires_grad for p in net.parameters()])
print(net.requires_grad_(False) is net, [p.requires_grad for p in net.parameters()])
net[2].requires_grad_()
print([p.requires_grad for p in net.parameters()])""", []),
    ("module_frozen_parameter_gets_no_grad", HN + """torch.manual_seed(0)
lin = nn.Linear(3, 1)
lin.bias.requires_grad = False
x = torch.tensor([[1., 2., 3.]])
y = lin(x)
print(y.grad_fn.name(), y.requires_grad)
y.sum().backward()
print(lin.weight.grad, lin.bias.grad)""", ["lin.weight.grad", "lin.bias.grad"]),
    ("module_forward_twice_accumulates", HN + """torch.manual_seed(0)
lin = nn.Linear(2, 1)
x = torch.tensor([[1., -1.], [2., 0.5]])
lin(x).sum().backward()
first = lin.weight.grad.clone()
lin(x).sum().backward()
print(first)
print(lin.weight.grad, lin.bias.grad)
print(torch.equal(lin.weight.grad, 2 * first))""", ["first", "lin.weight.grad", "lin.bias.grad"]),
    ("module_output_printouts", HN + """lin = nn.Linear(2, 2)
with torch.no_grad():
    lin.weight.copy_(torch.tensor([[1., 2.], [3., 4.]]))
    lin.bias.fill_(1.)
print(lin.weight)
print(lin.bias)
x = torch.tensor([[1., -1.]])
print(lin(x))
print(F.relu(lin(x)))
print(lin(x).sum())
with torch.no_grad():
    print(lin(x))
print(lin(x).detach())""", []),
    ("module_conv_output_next_functions", HN + """conv = nn.Conv2d(1, 1, 2, bias=False)
with torch.no_grad():
    conv.weight.fill_(1.)
y = conv(torch.arange(9.).reshape(1, 1, 3, 3))
print(y)
print(y.grad_fn.next_functions)
print(y.grad_fn.next_functions[1][0].variable is conv.weight)""", []),
    ("grad_of_views_accumulate", H + """x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
y = x[0] * 2 + x[1] * 3 + x.t()[1].sum()
y.sum().backward()
print(x.grad)""", ["x.grad"]),
    ("grad_same_tensor_twice", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x * x + x
y.backward(torch.ones(2))
print(x.grad)""", ["x.grad"]),
    ("grad_through_integer_pow_and_div", H + """x = torch.tensor([1., 2., 4.], requires_grad=True)
y = (x ** 2 / 4 + 1 / x).sum()
y.backward()
print(x.grad)""", ["x.grad"]),
    ("float64_grad", H + """x = torch.tensor([0.25, 0.5], dtype=torch.float64, requires_grad=True)
y = (x.exp() * x.sin()).sum()
y.backward()
print(x.grad.dtype, x.grad.shape)""", ["x.grad"]),
    ("mixed_dtype_grad", H + """x = torch.tensor([1., 2.], requires_grad=True)
d = torch.tensor([3., 4.], dtype=torch.float64, requires_grad=True)
y = (x * d).sum()
print(y.dtype)
y.backward()
print(x.grad, d.grad)
print(x.grad.dtype, d.grad.dtype)""", ["x.grad", "d.grad"]),
    ("to_dtype_and_clone", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x.to(torch.float64)
z = x.clone()
print(y.grad_fn.name(), z.grad_fn.name())
(y * 2).sum().backward()
(z * 3).sum().backward()
print(x.grad)""", ["x.grad"]),
    ("grad_with_broadcast_scalar_leaf", H + """s = torch.tensor(2., requires_grad=True)
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = (x * s).sum()
y.backward()
print(s.grad, x.grad)""", ["s.grad", "x.grad"]),
]

ERRORS = [
    ("backward_twice", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = (x * x).sum()
y.backward()
print(x.grad)
y.backward()""", ["x.grad"]),
    ("backward_twice_caught", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x.exp().sum()
y.backward()
try:
    y.backward()
except RuntimeError as e:
    print(type(e).__name__, e)""", []),
    ("autograd_grad_twice", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = (x * x).sum()
torch.autograd.grad(y, x)
torch.autograd.grad(y, x)""", []),
    ("leaf_in_place_add", H + """x = torch.ones(2, requires_grad=True)
x.add_(1)""", []),
    ("leaf_in_place_setitem", H + """x = torch.ones(2, requires_grad=True)
x[0] = 3.""", []),
    ("leaf_in_place_operator", H + """x = torch.ones(2, requires_grad=True)
x += 1""", []),
    ("leaf_in_place_zero", H + """x = torch.ones(2, requires_grad=True)
try:
    x.zero_()
except RuntimeError as e:
    print(type(e).__name__, e)
print(x)""", []),
    ("leaf_view_in_place", H + """x = torch.ones(2, 2, requires_grad=True)
x[0].mul_(2)""", []),
    ("parameter_in_place", H + """import torch.nn as nn
conv = nn.Conv2d(1, 1, 2)
conv.weight.fill_(1.)""", []),
    ("modified_by_in_place_saved_output", H + """x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = x.sigmoid()
y.mul_(2)
y.sum().backward()""", []),
    ("modified_by_in_place_saved_input", H + """x = torch.tensor([1., 2., 3.], requires_grad=True)
a = x * 1
b = a * a
a.add_(1)
b.sum().backward()""", []),
    ("modified_by_in_place_through_view", H + """x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = x.exp()
v = y[0]
v.add_(1)
try:
    y.sum().backward()
except RuntimeError as e:
    print(type(e).__name__, e)""", []),
    ("modified_by_in_place_through_detach", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x.exp()
d = y.detach()
d.zero_()
print(y._version, d._version)
y.sum().backward()""", []),
    ("modified_by_in_place_version_two", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x.tanh()
y.add_(1)
y.add_(1)
(y * 1).sum().backward()""", []),
    ("in_place_not_saved_is_fine", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x + 1
y.mul_(3)
y.sum().backward()
print(x.grad)""", ["x.grad"]),
    ("non_scalar_backward", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
y.backward()""", []),
    ("non_scalar_autograd_grad", H + """x = torch.tensor([1., 2.], requires_grad=True)
torch.autograd.grad(x * 2, x)""", []),
    ("backward_without_grad", H + """x = torch.tensor([1., 2.])
y = (x * 2).sum()
y.backward()""", []),
    ("backward_under_no_grad", H + """x = torch.tensor([1., 2.], requires_grad=True)
with torch.no_grad():
    y = (x * 2).sum()
y.backward()""", []),
    ("backward_of_detached", H + """x = torch.tensor([1., 2.], requires_grad=True)
x.sum().detach().backward()""", []),
    ("backward_of_first_order_grad", H + """x = torch.tensor([1., 2.], requires_grad=True)
g, = torch.autograd.grad((x ** 2).sum(), x)
print(g, g.requires_grad)
g.sum().backward()""", ["g"]),
    ("requires_grad_integer_tensor", H + """torch.tensor([1, 2], requires_grad=True)""", []),
    ("requires_grad_integer_method", H + """x = torch.arange(3)
x.requires_grad_()""", []),
    ("requires_grad_integer_attribute", H + """x = torch.tensor([True, False])
try:
    x.requires_grad = True
except RuntimeError as e:
    print(type(e).__name__, e)
print(torch.zeros(2, dtype=torch.int64, requires_grad=False).requires_grad)""", []),
    ("requires_grad_non_leaf_attribute", H + """x = torch.ones(2, requires_grad=True)
y = x * 2
y.requires_grad = False""", []),
    ("requires_grad_non_leaf_method", H + """x = torch.ones(2, requires_grad=True)
y = x * 2
y.requires_grad_(True)
print(y.requires_grad)
y.requires_grad_(False)""", []),
    ("requires_grad_not_bool", H + """x = torch.ones(2)
x.requires_grad = 1""", []),
    ("autograd_grad_unused", H + """x = torch.tensor([1., 2.], requires_grad=True)
z = torch.tensor([3.], requires_grad=True)
y = (x * 2).sum()
torch.autograd.grad(y, [x, z])""", []),
    ("autograd_grad_input_without_grad", H + """x = torch.tensor([1., 2.], requires_grad=True)
z = torch.tensor([3.])
y = (x * 2).sum()
torch.autograd.grad(y, [x, z])""", []),
    ("gradient_shape_mismatch", H + """x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
y.backward(torch.ones(3))""", []),
    ("grad_outputs_shape_mismatch", H + """x = torch.tensor([1., 2.], requires_grad=True)
torch.autograd.grad(x * 2, x, grad_outputs=torch.ones(2, 1))""", []),
    ("assign_grad_wrong_size", H + """x = torch.ones(2, requires_grad=True)
x.grad = torch.ones(3)""", []),
    ("numpy_of_requires_grad", H + """x = torch.ones(2, requires_grad=True)
x.numpy()""", []),
    ("inference_tensor_requires_grad", H + """with torch.inference_mode():
    t = torch.ones(2)
t.requires_grad_()""", []),
    ("inference_tensor_saved_for_backward", H + """x = torch.ones(2, requires_grad=True)
with torch.inference_mode():
    t = torch.ones(2)
y = (x * t).sum()""", []),
]

SGD_VARIANTS = [
    ("lr", "lr=0.1"),
    ("momentum", "lr=0.05, momentum=0.9"),
    ("dampening", "lr=0.05, momentum=0.9, dampening=0.5"),
    ("weight_decay", "lr=0.1, weight_decay=0.01"),
    ("nesterov", "lr=0.05, momentum=0.8, nesterov=True"),
    ("all", "lr=0.02, momentum=0.5, weight_decay=0.1, nesterov=True"),
]

ADAM_VARIANTS = [
    ("default", ""),
    ("lr", "lr=0.01"),
    ("betas_eps", "lr=0.05, betas=(0.8, 0.99), eps=1e-6"),
    ("weight_decay", "lr=0.01, weight_decay=0.1"),
    ("amsgrad", "lr=0.02, amsgrad=True"),
    ("all", "lr=0.03, betas=(0.5, 0.9), eps=1e-4, weight_decay=0.05, amsgrad=True"),
]

LINEAR_DATA = """x = torch.tensor([[1., -0.5, 2.], [0.25, 1., -1.], [-1.5, 0.5, 0.75], [2., 1.5, -0.25]])
target = torch.tensor([[1., 0.], [-1., 0.5], [0.5, 2.], [0., -1.]])
"""


def _optimizer_cases():
    cases = []
    for family, variants in (("sgd", SGD_VARIANTS), ("adam", ADAM_VARIANTS)):
        optimizer = "SGD" if family == "sgd" else "Adam"
        for suffix, arguments in variants:
            arguments = ("lr=0.1" if family == "sgd" else "") if not arguments else arguments
            separator = ", " if arguments else ""
            cases.append((f"{family}_linear_{suffix}", HN + "torch.manual_seed(0)\n" + LINEAR_DATA + f"""model = nn.Linear(3, 2)
opt = torch.optim.{optimizer}(model.parameters(){separator}{arguments})
print(opt)
losses = []
for step in range(4):
    opt.zero_grad()
    loss = F.mse_loss(model(x), target)
    loss.backward()
    opt.step()
    losses.append(loss.detach())
print(loss.grad_fn, model.weight.grad is None)
print(len(opt.state), sorted(opt.state[model.weight].keys()) if opt.state else None)
loss_history = torch.stack(losses)""", ["model.weight", "model.bias", "model.weight.grad", "loss_history"]))
    cases.append(("sgd_conv_momentum", HN + """torch.manual_seed(1)
conv = nn.Conv2d(1, 2, 3, padding=1)
x = torch.arange(32.).reshape(2, 1, 4, 4) / 16
target = torch.zeros(2, 2, 4, 4)
opt = torch.optim.SGD(conv.parameters(), lr=0.1, momentum=0.9)
for step in range(3):
    opt.zero_grad()
    loss = ((conv(x) - target) ** 2).mean()
    loss.backward()
    opt.step()
print(conv.weight.requires_grad, conv.weight.is_leaf, loss.grad_fn.name())
final = loss.detach()""", ["conv.weight", "conv.bias", "final"]))
    cases.append(("adam_conv_transpose", HN + """torch.manual_seed(2)
up = nn.ConvTranspose2d(2, 1, 3, stride=2, padding=1, output_padding=1)
x = torch.arange(18.).reshape(1, 2, 3, 3) / 9 - 1
target = torch.ones(1, 1, 6, 6)
opt = torch.optim.Adam(up.parameters(), lr=0.05)
for step in range(5):
    opt.zero_grad()
    loss = F.l1_loss(up(x), target)
    loss.backward()
    opt.step()
print(up(x).grad_fn)
final = loss.detach()""", ["up.weight", "up.bias", "final"]))
    cases.append(("d2l_learn_kernel", HN + """torch.manual_seed(0)
X = torch.ones((6, 8))
X[:, 2:6] = 0
K = torch.tensor([[1.0, -1.0]])
Y = F.conv2d(X.reshape(1, 1, 6, 8), K.reshape(1, 1, 1, 2)).reshape(6, 7)
conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)
X = X.reshape((1, 1, 6, 8))
Y = Y.reshape((1, 1, 6, 7))
lr = 3e-2
for i in range(10):
    Y_hat = conv2d(X)
    l = (Y_hat - Y) ** 2
    conv2d.zero_grad()
    l.sum().backward()
    conv2d.weight.data[:] -= lr * conv2d.weight.grad
    if (i + 1) % 2 == 0:
        print(f'epoch {i + 1}, loss {l.sum():.3f}')
print(conv2d.weight.data.reshape((1, 2)))""", ["conv2d.weight"]))
    cases.append(("zero_grad_set_to_none", HN + """torch.manual_seed(0)
lin = nn.Linear(2, 1)
opt = torch.optim.SGD(lin.parameters(), lr=0.1)
lin(torch.ones(1, 2)).sum().backward()
print(lin.weight.grad)
opt.zero_grad()
print(lin.weight.grad)
lin(torch.ones(1, 2)).sum().backward()
opt.zero_grad(set_to_none=False)
print(lin.weight.grad, lin.bias.grad)
lin.zero_grad()
print(lin.weight.grad)""", []))
    cases.append(("param_groups_and_lr", HN + """torch.manual_seed(0)
lin = nn.Linear(2, 1)
opt = torch.optim.SGD([{'params': [lin.weight]}, {'params': [lin.bias], 'lr': 0.5}], lr=0.1)
print(len(opt.param_groups), opt.param_groups[0]['lr'], opt.param_groups[1]['lr'])
print(opt)
lin(torch.tensor([[1., 2.]])).sum().backward()
opt.param_groups[0]['lr'] = 0.25
opt.step()
print(opt.param_groups[0]['momentum'])""", ["lin.weight", "lin.bias"]))
    cases.append(("step_skips_parameters_without_grad", HN + """a = nn.Parameter(torch.tensor([1., 2.]))
b = nn.Parameter(torch.tensor([3., 4.]))
opt = torch.optim.SGD([a, b], lr=0.5)
(a * a).sum().backward()
opt.step()
print(a, b, b.grad)""", ["a", "b"]))
    cases.append(("sgd_nesterov_error", H + """w = torch.ones(2, requires_grad=True)
torch.optim.SGD([w], lr=0.1, nesterov=True)""", []))
    cases.append(("sgd_negative_lr_error", H + """w = torch.ones(2, requires_grad=True)
torch.optim.SGD([w], lr=-0.1)""", []))
    cases.append(("sgd_negative_momentum_error", H + """w = torch.ones(2, requires_grad=True)
torch.optim.SGD([w], lr=0.1, momentum=-0.5)""", []))
    cases.append(("adam_beta_error", H + """w = torch.ones(2, requires_grad=True)
torch.optim.Adam([w], betas=(1.0, 0.9))""", []))
    cases.append(("adam_eps_error", H + """w = torch.ones(2, requires_grad=True)
torch.optim.Adam([w], eps=-1.0)""", []))
    cases.append(("optimizer_empty_parameters_error", H + """torch.optim.SGD([], lr=0.1)""", []))
    return cases


LOSS_DATA = """pred = torch.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
target = torch.tensor([[1.0, 0.0], [1.5, -0.75]])
"""


def _loss_cases():
    cases = []
    for name, module, function in (("mse", "nn.MSELoss", "F.mse_loss"), ("l1", "nn.L1Loss", "F.l1_loss")):
        for reduction in ("mean", "sum", "none"):
            backward = "loss.sum().backward()" if reduction == "none" else "loss.backward()"
            cases.append((f"{name}_functional_{reduction}", HN + LOSS_DATA + f"""loss = {function}(pred, target, reduction='{reduction}')
print(loss)
{backward}
print(pred.grad)""", ["pred.grad", "loss"]))
            cases.append((f"{name}_module_{reduction}", HN + LOSS_DATA + f"""criterion = {module}(reduction='{reduction}')
print(criterion)
loss = criterion(pred, target)
print(loss, loss.grad_fn.name())
{backward}
print(pred.grad)""", ["pred.grad", "loss"]))
    cases.append(("mse_both_require_grad", HN + """a = torch.tensor([1., 2., 3., 4.], requires_grad=True)
b = torch.tensor([0.5, 2.5, 3., 5.], requires_grad=True)
loss = nn.MSELoss()(a, b)
loss.backward()
print(loss, a.grad, b.grad)""", ["a.grad", "b.grad"]))
    cases.append(("loss_default_printout", HN + """pred = torch.tensor([1., 2.], requires_grad=True)
print(F.mse_loss(pred, torch.zeros(2)), F.l1_loss(pred, torch.zeros(2)))
print(nn.MSELoss(), nn.L1Loss())""", []))
    cases.append(("loss_bad_reduction", HN + """F.mse_loss(torch.ones(2), torch.ones(2), reduction='bad')""", []))
    cases.append(("loss_item_format", HN + LOSS_DATA + """loss = F.mse_loss(pred, target)
print(f'{loss.item():.6f}', f'{loss:.6f}', round(loss.item(), 4))""", ["loss"]))
    return cases


OPTIM = _optimizer_cases() + _loss_cases()


def _claim(dims, s, p, d, size, cin, cout):
    """grad of conv(x) w.r.t. x is conv_transpose(g); grad of conv_transpose(z) w.r.t. z is conv(h),
    with the output_padding that gives the transposed convolution x's size."""
    op = (size + 2 * p - d * 2 - 1) % s
    spatial = ", ".join([str(size)] * dims)
    kernel = ", ".join(["3"] * dims)
    n = 2 * cin * size ** dims
    m = cout * cin * 3 ** dims
    return HF + f"""x = (torch.arange({n}.) * 5 % 11 - 5).reshape(2, {cin}, {spatial}).requires_grad_()
w = (torch.arange({m}.) * 3 % 7 - 3).reshape({cout}, {cin}, {kernel}).requires_grad_()
y = F.conv{dims}d(x, w, stride={s}, padding={p}, dilation={d})
g = (torch.arange(y.numel()) % 5 - 2.).reshape(y.shape)
gx, = torch.autograd.grad(F.conv{dims}d(x, w, stride={s}, padding={p}, dilation={d}).mul(g).sum(), x)
t = F.conv_transpose{dims}d(g, w, stride={s}, padding={p}, output_padding={op}, dilation={d})
print(gx.shape, t.shape, torch.allclose(gx, t), torch.equal(gx, t))
z = g.detach().clone().requires_grad_()
h = x.detach()
gz, = torch.autograd.grad(F.conv_transpose{dims}d(z, w, stride={s}, padding={p}, output_padding={op}, dilation={d}).mul(h).sum(), z)
print(gz.shape, torch.allclose(gz, F.conv{dims}d(h, w, stride={s}, padding={p}, dilation={d})))"""


CLAIM_SETS = [
    # (dims, stride, padding, dilation, size, cin, cout)
    (2, 1, 0, 1, 5, 1, 1),
    (2, 1, 1, 1, 5, 2, 3),
    (2, 2, 0, 1, 5, 1, 2),
    (2, 2, 0, 1, 6, 1, 2),
    (2, 2, 1, 1, 5, 2, 2),
    (2, 2, 1, 1, 6, 2, 1),
    (2, 3, 1, 1, 7, 1, 1),
    (2, 3, 1, 1, 6, 1, 1),
    (2, 3, 0, 1, 8, 1, 2),
    (2, 1, 2, 2, 6, 1, 2),
    (2, 2, 2, 2, 8, 2, 2),
    (1, 2, 1, 1, 8, 2, 3),
    (1, 3, 0, 1, 7, 1, 2),
    (3, 2, 1, 1, 4, 1, 2),
]

GRADCHECK = [
    ("gradcheck_conv2d", """x = torch.linspace(-1, 1, 50, dtype=torch.float64).reshape(1, 2, 5, 5).requires_grad_()
w = torch.linspace(-0.5, 0.7, 36, dtype=torch.float64).reshape(2, 2, 3, 3).requires_grad_()
b = torch.tensor([0.1, -0.2], dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1), (x, w, b)))"""),
    ("gradcheck_conv_transpose2d", """x = torch.linspace(-1, 1, 18, dtype=torch.float64).reshape(1, 2, 3, 3).requires_grad_()
w = torch.linspace(-0.5, 0.7, 36, dtype=torch.float64).reshape(2, 2, 3, 3).requires_grad_()
print(torch.autograd.gradcheck(lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1), (x, w)))"""),
    ("gradcheck_conv1d_groups_dilation", """x = torch.linspace(-1, 1, 28, dtype=torch.float64).reshape(1, 4, 7).requires_grad_()
w = torch.linspace(-0.5, 0.7, 12, dtype=torch.float64).reshape(4, 1, 3).requires_grad_()
print(torch.autograd.gradcheck(lambda x, w: F.conv1d(x, w, groups=4, dilation=2, padding='same'), (x, w)))"""),
    ("gradcheck_conv3d", """x = torch.linspace(-1, 1, 27, dtype=torch.float64).reshape(1, 1, 3, 3, 3).requires_grad_()
w = torch.linspace(-0.5, 0.7, 16, dtype=torch.float64).reshape(2, 1, 2, 2, 2).requires_grad_()
print(torch.autograd.gradcheck(F.conv3d, (x, w)))"""),
    ("gradcheck_elementwise", """x = torch.linspace(-1, 1, 6, dtype=torch.float64).reshape(2, 3).requires_grad_()
a = torch.linspace(0.5, 2, 3, dtype=torch.float64).requires_grad_()
print(torch.autograd.gradcheck(lambda x, a: (torch.sigmoid(x) * a + torch.tanh(x) / a) ** 2, (x, a)))
print(torch.autograd.gradcheck(lambda x: torch.exp(x) + torch.log(x * x + 1) + torch.sqrt(x * x + 1), (x,)))"""),
    ("gradcheck_reductions_and_views", """x = torch.linspace(-1, 1, 24, dtype=torch.float64).reshape(2, 3, 4).requires_grad_()
print(torch.autograd.gradcheck(lambda x: x.sum(1) + x.mean(-1, keepdim=True).transpose(1, 2).sum(2), (x,)))
print(torch.autograd.gradcheck(lambda x: x.max(dim=2).values * x.permute(2, 0, 1)[1], (x,)))"""),
    ("gradcheck_matmul_linear", """x = torch.linspace(-1, 1, 6, dtype=torch.float64).reshape(2, 3).requires_grad_()
w = torch.linspace(-0.5, 0.5, 12, dtype=torch.float64).reshape(4, 3).requires_grad_()
b = torch.linspace(0, 1, 4, dtype=torch.float64).requires_grad_()
print(torch.autograd.gradcheck(F.linear, (x, w, b)))
print(torch.autograd.gradcheck(torch.matmul, (x, w.t())))"""),
    ("gradcheck_pad_modes", """x = torch.linspace(-1, 1, 32, dtype=torch.float64).reshape(1, 2, 4, 4).requires_grad_()
print(torch.autograd.gradcheck(lambda x: F.pad(x, (1, 2, 2, 1), mode='reflect'), (x,)))
print(torch.autograd.gradcheck(lambda x: F.pad(x, (1, 2, 2, 1), mode='replicate'), (x,)))
print(torch.autograd.gradcheck(lambda x: F.pad(x, (1, 2, 2, 1), mode='circular'), (x,)))
print(torch.autograd.gradcheck(lambda x: F.pad(x, (1, 2, 2, 1), value=0.5), (x,)))"""),
    ("gradcheck_pool_interpolate", """x = torch.linspace(-1, 1, 32, dtype=torch.float64).reshape(1, 2, 4, 4).requires_grad_()
print(torch.autograd.gradcheck(lambda x: F.max_pool2d(x, 2), (x,)))
print(torch.autograd.gradcheck(lambda x: F.avg_pool2d(x, 3, stride=1, padding=1), (x,)))
print(torch.autograd.gradcheck(lambda x: F.interpolate(x, scale_factor=2, mode='bilinear'), (x,)))
print(torch.autograd.gradcheck(lambda x: F.interpolate(x, size=(5, 3), mode='nearest'), (x,)))"""),
    ("gradcheck_batch_norm", """x = torch.linspace(-1, 1, 24, dtype=torch.float64).reshape(3, 2, 4).requires_grad_()
w = torch.tensor([1.5, 0.5], dtype=torch.float64, requires_grad=True)
b = torch.tensor([0.1, -0.1], dtype=torch.float64, requires_grad=True)
x.data[0, 0, 0] = 3.0
print(torch.autograd.gradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), (x, w, b)))"""),
    ("gradcheck_losses", """x = torch.linspace(-1, 1, 6, dtype=torch.float64).reshape(2, 3).requires_grad_()
t = torch.linspace(0.05, 0.9, 6, dtype=torch.float64).reshape(2, 3)
print(torch.autograd.gradcheck(lambda x: F.mse_loss(x, t), (x,)))
print(torch.autograd.gradcheck(lambda x: F.l1_loss(x, t, reduction='sum'), (x,)))"""),
    ("gradcheck_cat_where_clamp", """x = torch.linspace(-1, 1, 6, dtype=torch.float64).reshape(2, 3).requires_grad_()
y = torch.linspace(-0.7, 0.9, 6, dtype=torch.float64).reshape(2, 3).requires_grad_()
print(torch.autograd.gradcheck(lambda x, y: torch.cat([x, y], 1) * torch.stack([y, x]).sum(0).repeat(1, 2), (x, y)))
print(torch.autograd.gradcheck(lambda x, y: torch.where(x > 0.1, x, y) + x.clamp(-0.5, 0.5), (x, y)))"""),
    ("gradcheck_float32_fails", """x = torch.linspace(-1, 1, 3).requires_grad_()
try:
    torch.autograd.gradcheck(torch.sigmoid, (x,))
except RuntimeError as e:
    print(type(e).__name__, str(e).splitlines()[0])
print(torch.autograd.gradcheck(torch.sigmoid, (x,), raise_exception=False))"""),
]


def _teaching_cases():
    cases = []
    for dims, s, p, d, size, cin, cout in CLAIM_SETS:
        name = f"claim_conv{dims}d_size{size}_s{s}_p{p}_d{d}"
        cases.append((name, _claim(dims, s, p, d, size, cin, cout), ["gx", "gz"]))
    cases.append(("claim_weight_grad_is_correlation", HF + """x = (torch.arange(50.) * 5 % 11 - 5).reshape(2, 1, 5, 5)
w = (torch.arange(18.) * 3 % 7 - 3).reshape(2, 1, 3, 3).requires_grad_()
y = F.conv2d(x, w)
g = (torch.arange(y.numel()) % 5 - 2.).reshape(y.shape)
gw, = torch.autograd.grad((y * g).sum(), w)
c = F.conv2d(x.transpose(0, 1), g.transpose(0, 1)).transpose(0, 1)
print(gw.shape, c.shape, torch.equal(gw, c))
print(gw)""", ["gw"]))
    cases.append(("claim_output_padding_needed", HF + """x = torch.zeros(1, 1, 6, 6, requires_grad=True)
w = torch.ones(1, 1, 3, 3)
y = F.conv2d(x, w, stride=2, padding=1)
g = torch.ones_like(y)
gx, = torch.autograd.grad((y * g).sum(), x)
print(y.shape, gx.shape)
print(F.conv_transpose2d(g, w, stride=2, padding=1).shape)
print(F.conv_transpose2d(g, w, stride=2, padding=1, output_padding=1).shape)
print(torch.equal(gx, F.conv_transpose2d(g, w, stride=2, padding=1, output_padding=1)))
print(gx[0, 0])""", ["gx"]))
    cases.append(("claim_checkerboard_overlap", HF + """x = torch.zeros(1, 1, 4, 4, requires_grad=True)
w = torch.ones(1, 1, 3, 3)
y = F.conv_transpose2d(x, w, stride=2)
y.backward(torch.ones_like(y))
print(y.shape)
print(F.conv_transpose2d(torch.ones(1, 1, 4, 4), w, stride=2)[0, 0])
print(x.grad[0, 0])""", ["x.grad"]))
    for name, source in GRADCHECK:
        cases.append((name, HF + source, []))
    return cases


TEACHING = _teaching_cases()
