#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/optim/optim.json from real PyTorch.

torch.optim.SGD and Adam (reprs, param_groups, defaults, state_dict, PyTorch's argument
errors, training loops whose parameters must come out bit for bit: SGD with momentum,
dampening, Nesterov, weight decay, maximize; Adam with amsgrad, decoupled weight decay,
per-group settings), the losses F.mse_loss / F.l1_loss / nn.MSELoss / nn.L1Loss (values,
grad_fn names, gradients, errors), the module side of autograd (zero_grad,
requires_grad_, frozen parameters, state_dict) and d2l's kernel-learning demo (7.2.4)
by hand and with torch.optim.SGD. Each case runs here in a fresh namespace; what it
prints is recorded, and the first exception, as "TypeName: message", stops it. The
Swift test OptimFixtureTests runs every case in a fresh ConvLang session.

Losses are printed through f-strings with a few decimals: ConvLab's float32 sums of
more than two elements may differ from PyTorch's in the last bit (it adds in double). Some Adam cases print parameters with print() (four
decimals): PyTorch's CPU float32 sqrt (MKL's vsSqrt) is not correctly rounded, ConvLab's
is, so the last bit of an Adam step may differ.

    /work/main/.venv/bin/python scripts/generate_optim_fixtures.py
"""

import pathlib

from program_fixtures import write_torch_fixture

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/optim/optim.json"

H = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"

# A 1-D linear regression whose forward and backward use elementwise ops and sums
# only, over two points: ConvLab sums float32 in double and rounds once, PyTorch
# accumulates in float32, so sums of three or more elements may differ in the last bit.
DATA = H + """torch.manual_seed(0)
x = torch.randn(2)
y = 3 * x + 2 + 0.1 * torch.randn(2)
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
def loss_fn():
    return ((x * w + b - y) ** 2).sum() / 2
"""


def train(make, steps=20, exact=True):
    show = "print(w.tolist(), b.tolist())" if exact else "print(w, b)"
    return DATA + f"""opt = {make}
for i in range(1, {steps} + 1):
    opt.zero_grad()
    loss = loss_fn()
    loss.backward()
    opt.step()
    if i % 5 == 0:
        print(f'step {{i}}, loss {{loss.item():.4f}}')
        {show}
"""


ERROR = H + """w = torch.zeros(2, requires_grad=True)
"""

CASES = [
    # Construction, repr, param_groups, defaults
    ("optim_sgd_repr", H + """net = nn.Linear(3, 2)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
print(opt)
print(repr(opt))
print(type(opt), isinstance(opt, torch.optim.Optimizer), isinstance(opt, torch.optim.SGD), isinstance(opt, torch.optim.Adam))
print(list(opt.param_groups[0].keys()))
print(opt.defaults)"""),
    ("optim_adam_repr", H + """net = nn.Conv2d(1, 2, 3)
opt = torch.optim.Adam(net.parameters())
print(opt)
print(type(opt).__name__, type(opt))
print(opt.param_groups[0]['betas'], opt.param_groups[0]['lr'], opt.param_groups[0]['eps'])
print(opt.state_dict())"""),
    ("optim_sgd_groups_repr", H + """net = nn.Linear(3, 2)
opt = torch.optim.SGD([{'params': [net.weight]}, {'params': net.bias, 'lr': 0.5}], lr=0.1, momentum=0.9)
print(opt)
print(len(opt.param_groups), [g['lr'] for g in opt.param_groups], [len(g['params']) for g in opt.param_groups])
print(opt.state_dict())"""),
    ("optim_adam_options_repr", H + """w = torch.zeros(2, requires_grad=True)
opt = torch.optim.Adam([w], lr=0.01, betas=[0.8, 0.99], eps=1e-6, weight_decay=0.1, amsgrad=True, maximize=True, decoupled_weight_decay=True)
print(opt)
print(opt.defaults['betas'])"""),
    ("optim_sgd_default_lr", H + """w = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([w])
print(opt.param_groups[0]['lr'])
print(torch.optim.SGD([w], lr=1, momentum=1, nesterov=True))"""),
    ("optim_add_param_group", H + """a = torch.zeros(2, requires_grad=True)
b = torch.ones(3, requires_grad=True)
opt = torch.optim.SGD([a], lr=0.1, momentum=0.5)
opt.add_param_group({'params': b, 'lr': 0.01})
print(opt)
print(opt.param_groups[1]['params'])
print(opt.state_dict()['param_groups'])"""),
    ("optim_param_group_dict_shared", H + """a = torch.zeros(2, requires_grad=True)
group = {'params': (a,), 'lr': 0.2}
opt = torch.optim.SGD([group], lr=0.1)
print(opt.param_groups[0] is group, group)
"""),
    ("optim_state_dict_after_steps", H + """torch.manual_seed(0)
w = torch.randn(2, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
opt = torch.optim.SGD([w, b], lr=0.1, momentum=0.9)
for _ in range(2):
    opt.zero_grad()
    (w * w + b).sum().backward()
    opt.step()
print(opt.state_dict())
sd = opt.state_dict()
print(sd['state'][0]['momentum_buffer'])
print(w, b)"""),
    ("optim_adam_state_dict", H + """w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
opt = torch.optim.Adam([w], lr=0.1)
(w * w).sum().backward()
opt.step()
sd = opt.state_dict()
print(sd['state'][0]['step'], sd['state'][0]['exp_avg'], sd['state'][0]['exp_avg_sq'])
print(list(sd['state'][0].keys()))
print(w)"""),
    ("optim_state_grad_none_skipped", H + """a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0], requires_grad=True)
opt = torch.optim.Adam([a, b], lr=0.1)
(a * a).sum().backward()
opt.step()
print(a, b, b.grad)
print(list(opt.state_dict()['state'].keys()))"""),

    # Errors
    ("optim_error_lr_negative_int", ERROR + "torch.optim.SGD([w], lr=-1)"),
    ("optim_error_lr_negative_float", ERROR + "torch.optim.SGD([w], lr=-0.5)"),
    ("optim_error_empty", ERROR + "torch.optim.SGD([], lr=0.1)"),
    ("optim_error_tensor_params", ERROR + "torch.optim.SGD(w, lr=0.1)"),
    ("optim_error_momentum", ERROR + "torch.optim.SGD([w], lr=0.1, momentum=-1)"),
    ("optim_error_weight_decay", ERROR + "torch.optim.SGD([w], lr=0.1, weight_decay=-1e-3)"),
    ("optim_error_nesterov", ERROR + "torch.optim.SGD([w], lr=0.1, nesterov=True)"),
    ("optim_error_nesterov_dampening", ERROR + "torch.optim.SGD([w], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)"),
    ("optim_error_not_tensor", ERROR + "torch.optim.SGD([w, 3], lr=0.1)"),
    ("optim_error_non_leaf", ERROR + "torch.optim.SGD([w * 2], lr=0.1)"),
    ("optim_error_two_groups", ERROR + "torch.optim.SGD([{'params': [w]}, {'params': [w]}], lr=0.1)"),
    ("optim_error_group_without_params", ERROR + "torch.optim.SGD([{'lr': 0.1}], lr=0.1)"),
    ("optim_error_add_group_list", ERROR + "opt = torch.optim.SGD([w], lr=0.1)\nopt.add_param_group([w])"),
    ("optim_error_add_group_again", ERROR + "opt = torch.optim.SGD([w], lr=0.1)\nopt.add_param_group({'params': w})"),
    ("optim_error_adam_lr", ERROR + "torch.optim.Adam([w], lr=-1)"),
    ("optim_error_adam_eps", ERROR + "torch.optim.Adam([w], eps=-1)"),
    ("optim_error_adam_beta0", ERROR + "torch.optim.Adam([w], betas=(1.0, 0.9))"),
    ("optim_error_adam_beta1", ERROR + "torch.optim.Adam([w], betas=(0.9, -0.1))"),
    ("optim_error_adam_betas_int", ERROR + "torch.optim.Adam([w], betas=(0, 0.9))"),
    ("optim_error_adam_weight_decay", ERROR + "torch.optim.Adam([w], weight_decay=-2)"),

    # Training loops: SGD bit for bit
    ("optim_train_sgd", train("torch.optim.SGD([w, b], lr=0.01)")),
    ("optim_train_sgd_momentum", train("torch.optim.SGD([w, b], lr=0.01, momentum=0.9)")),
    ("optim_train_sgd_dampening", train("torch.optim.SGD([w, b], lr=0.01, momentum=0.9, dampening=0.3)")),
    ("optim_train_sgd_nesterov", train("torch.optim.SGD([w, b], lr=0.01, momentum=0.8, nesterov=True)")),
    ("optim_train_sgd_weight_decay", train("torch.optim.SGD([w, b], lr=0.02, momentum=0.5, weight_decay=0.05)")),
    ("optim_train_sgd_maximize", train("torch.optim.SGD([w, b], lr=0.001, maximize=True)", steps=10)),
    ("optim_train_sgd_groups", train("torch.optim.SGD([{'params': [w], 'lr': 0.05}, {'params': [b]}], lr=0.01, momentum=0.9)")),
    ("optim_train_sgd_lr_change", DATA + """opt = torch.optim.SGD([w, b], lr=0.01)
for i in range(10):
    if i == 5:
        for g in opt.param_groups:
            g['lr'] = 0.1
    opt.zero_grad()
    loss = loss_fn()
    loss.backward()
    opt.step()
print(w.tolist(), b.tolist(), opt.param_groups[0]['lr'])"""),
    ("optim_train_sgd_zero_grad_keep", DATA + """opt = torch.optim.SGD([w, b], lr=0.01, momentum=0.9)
for i in range(5):
    opt.zero_grad(set_to_none=False)
    loss_fn().backward()
    opt.step()
print(w.grad, b.grad)
opt.zero_grad(set_to_none=False)
print(w.grad, b.grad)
opt.zero_grad()
print(w.grad, b.grad)
print(w.tolist(), b.tolist())"""),
    ("optim_train_sgd_closure", DATA + """opt = torch.optim.SGD([w, b], lr=0.05)
def closure():
    opt.zero_grad()
    loss = loss_fn()
    loss.backward()
    return loss
for i in range(5):
    loss = opt.step(closure)
    print(f'{loss.item():.4f}')
print(w.tolist(), b.tolist())"""),
    ("optim_train_sgd_no_accumulate", DATA + """opt = torch.optim.SGD([w, b], lr=0.01)
for i in range(3):
    loss_fn().backward()
    opt.step()
print(w.grad, b.grad)
print(w.tolist(), b.tolist())"""),

    ("optim_manual_add_alpha", H + """a = torch.arange(1000) / 7 - 50
b = torch.arange(1000) / 13 - 20
print(sum(a.add(b, alpha=-0.1).tolist()), sum(torch.add(a, b, alpha=0.37).tolist()), sum(a.sub(b, alpha=3).tolist()))
d = a.clone()
d.add_(b, alpha=-0.03)
print(sum(d.tolist()))
print(sum(1 for x, y in zip(a.add(b, alpha=-0.1).tolist(), (a - 0.1 * b).tolist()) if x != y))
w = torch.tensor([0.5, -1.5], requires_grad=True)
(w * w).sum().backward()
with torch.no_grad():
    w.add_(w.grad, alpha=-0.1)
print(w.tolist())"""),

    # Adam: to the last bit where PyTorch's MKL sqrt happens to round correctly, else at four decimals
    ("optim_train_adam", train("torch.optim.Adam([w, b], lr=0.1)")),
    ("optim_train_adam_betas", train("torch.optim.Adam([w, b], lr=0.05, betas=(0.3, 0.9))", exact=False)),
    ("optim_train_adam_amsgrad", train("torch.optim.Adam([w, b], lr=0.1, amsgrad=True)")),
    ("optim_train_adam_weight_decay", train("torch.optim.Adam([w, b], lr=0.1, weight_decay=0.1)", exact=False)),
    ("optim_train_adamw", train("torch.optim.Adam([w, b], lr=0.1, weight_decay=0.1, decoupled_weight_decay=True)", exact=False)),
    ("optim_train_adam_maximize", train("torch.optim.Adam([w, b], lr=0.01, maximize=True)", steps=10, exact=False)),
    ("optim_train_adam_groups", train("torch.optim.Adam([{'params': [w]}, {'params': b, 'lr': 0.2}], betas=(0.3, 0.9), weight_decay=0.1, amsgrad=True)")),

    # Losses
    ("loss_mse_reductions", H + """torch.manual_seed(0)
x = torch.randn(3, 4, requires_grad=True)
y = torch.randn(3, 4)
for red in ['mean', 'sum', 'none']:
    out = F.mse_loss(x, y, reduction=red)
    print(red, out.grad_fn.name(), out.grad_fn.next_functions[1], out.shape)
print(F.mse_loss(x, y))
print(F.mse_loss(x, y, reduction='sum'))
print(F.mse_loss(x, y, reduction='none'))"""),
    ("loss_mse_backward", H + """torch.manual_seed(0)
x = torch.randn(3, 4, requires_grad=True)
y = torch.randn(3, 4, requires_grad=True)
nn.MSELoss()(x, y).backward()
print(x.grad)
print(y.grad)
x.grad = None
F.mse_loss(x, y.detach(), reduction='sum').backward()
print(x.grad)
x.grad = None
F.mse_loss(x, y.detach(), reduction='none').backward(torch.ones(3, 4))
print(x.grad)"""),
    ("loss_mse_double", H + """a = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
out = F.mse_loss(a, torch.zeros(2))
print(out)
out.backward()
print(a.grad)"""),
    ("loss_mse_broadcast", H + """torch.manual_seed(0)
x = torch.randn(3, 4)
print(F.mse_loss(x, torch.randn(3, 1)))
print(F.mse_loss(x, torch.randn(4), reduction='sum'))"""),
    ("loss_mse_broadcast_error", H + """F.mse_loss(torch.randn(3, 4), torch.randn(2, 4))"""),
    ("loss_mse_target_float", H + """F.mse_loss(torch.randn(3), 1.0)"""),
    ("loss_mse_input_float", H + """F.mse_loss(1.0, torch.randn(3))"""),
    ("loss_mse_bad_reduction", H + """F.mse_loss(torch.randn(3), torch.randn(3), reduction='avg')"""),
    ("loss_mse_long", H + """F.mse_loss(torch.ones(2, dtype=torch.long), torch.zeros(2, dtype=torch.long))"""),
    ("loss_mse_legacy_args", H + """torch.manual_seed(0)
x = torch.randn(3, 4)
y = torch.randn(3, 4)
print(F.mse_loss(x, y, size_average=False), F.mse_loss(x, y, reduce=False).shape)
print(nn.MSELoss(size_average=False).reduction)"""),
    ("loss_l1_values", H + """torch.manual_seed(0)
x = torch.randn(3, 4)
y = torch.randn(3, 4)
print(F.l1_loss(x, y), F.l1_loss(x, y, reduction='sum'))
print(nn.L1Loss(reduction='none')(x, y))
print(F.l1_loss(torch.ones(2, dtype=torch.long), torch.zeros(2, dtype=torch.long), reduction='sum'))"""),
    ("loss_l1_long_mean", H + """F.l1_loss(torch.ones(2, dtype=torch.long), torch.zeros(2, dtype=torch.long))"""),
    ("loss_modules_repr", H + """print(nn.MSELoss(), nn.L1Loss(), nn.MSELoss(reduction='sum'), repr(nn.L1Loss(reduction='none')))
m = nn.MSELoss(reduction='sum')
print(m.reduction, type(m), m.training, list(m.parameters()))
net = nn.Sequential(nn.Conv2d(1, 1, 3), nn.ReLU())
print(nn.ModuleList([net, nn.MSELoss()]))"""),
    ("loss_module_training_step", H + """torch.manual_seed(0)
x = torch.randn(8)
y = 2 * x - 1
w = torch.zeros(1, requires_grad=True)
loss_fn = nn.MSELoss()
opt = torch.optim.SGD([w], lr=0.1)
for i in range(5):
    opt.zero_grad()
    loss = loss_fn(x * w, y)
    loss.backward()
    opt.step()
    print(f'{loss.item():.4f}', w.tolist())"""),

    # The module side of autograd
    ("module_requires_grad_", H + """torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(1, 2, 2), nn.ReLU())
print(net.requires_grad_(False) is net, [p.requires_grad for p in net.parameters()])
print(net[0].bias)
net.requires_grad_()
print([p.requires_grad for p in net.parameters()])"""),
    ("module_parameter_requires_grad_false", H + """torch.manual_seed(0)
conv = nn.Conv2d(1, 1, (1, 2))
conv.weight.requires_grad = False
print(conv.weight)
print(conv.bias.requires_grad)
p = nn.Parameter(torch.ones(2), requires_grad=False)
print(p, p.requires_grad)"""),
    ("module_zero_grad", H + """torch.manual_seed(0)
conv = nn.Conv2d(1, 1, (1, 2))
b = conv.bias
(b * 2).sum().backward()
for name, p in conv.named_parameters():
    print(name, p.grad)
conv.zero_grad()
print(b.grad)
(b * 3).sum().backward()
conv.zero_grad(set_to_none=False)
print(b.grad, b.grad.requires_grad)"""),
    ("module_state_dict_detached", H + """torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(1, 1, 2))
sd = net.state_dict()
print(sd)
print(sd['0.bias'].requires_grad, sd['0.bias'].grad_fn, net.state_dict(keep_vars=True)['0.bias'].requires_grad)
net.eval()
print(net.training, net[0].training)"""),
    ("module_conv_named_parameters_grad", H + """torch.manual_seed(0)
conv = nn.Conv2d(1, 2, 2)
x = torch.randn(1, 1, 3, 3)
conv(x).sum().backward()
for name, p in conv.named_parameters():
    print(name, p.grad)"""),

    # d2l 7.2.4: learning the kernel [[1, -1]]
    ("d2l_learn_kernel_data", H + """def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y

torch.manual_seed(0)
X = torch.ones((6, 8))
X[:, 2:6] = 0
K = torch.tensor([[1.0, -1.0]])
Y = corr2d(X, K)
conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)
X = X.reshape((1, 1, 6, 8))
Y = Y.reshape((1, 1, 6, 7))
lr = 3e-2
for i in range(10):
    Y_hat = conv2d(X)
    l = (Y_hat - Y) ** 2
    conv2d.zero_grad()
    l.sum().backward()
    conv2d.weight.data -= lr * conv2d.weight.grad
    if (i + 1) % 2 == 0:
        print(f'epoch {i + 1}, loss {l.sum():.3f}')
print(conv2d.weight.data.reshape((1, 2)))
print(conv2d.weight.data.reshape((1, 2)).tolist())"""),
    ("d2l_learn_kernel_sgd", H + """torch.manual_seed(0)
X = torch.ones((6, 8))
X[:, 2:6] = 0
K = torch.tensor([[1.0, -1.0]])
Y = torch.zeros(6, 7)
for j in range(7):
    Y[:, j] = (X[:, j:j + 2] * K).sum(1)
conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)
X = X.reshape((1, 1, 6, 8))
Y = Y.reshape((1, 1, 6, 7))
opt = torch.optim.SGD(conv2d.parameters(), lr=3e-2)
loss_fn = nn.MSELoss(reduction='sum')
for i in range(10):
    opt.zero_grad()
    l = loss_fn(conv2d(X), Y)
    l.backward()
    opt.step()
    print(f'epoch {i + 1}, loss {l.item():.3f}')
print(conv2d.weight)
print(conv2d.weight.tolist())"""),
    ("d2l_learn_kernel_momentum_adam", H + """torch.manual_seed(0)
X = torch.ones((1, 1, 6, 8))
X[..., 2:6] = 0
conv_true = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)
with torch.no_grad():
    conv_true.weight[:] = torch.tensor([[[[1.0, -1.0]]]])
    Y = conv_true(X)
conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2))
opt = torch.optim.SGD(conv2d.parameters(), lr=0.01, momentum=0.9)
for i in range(10):
    opt.zero_grad()
    l = F.mse_loss(conv2d(X), Y)
    l.backward()
    opt.step()
print(f'{l.item():.4f}', conv2d.weight.tolist(), conv2d.bias.tolist())
opt = torch.optim.Adam(conv2d.parameters(), lr=0.05)
for i in range(10):
    opt.zero_grad()
    l = F.mse_loss(conv2d(X), Y)
    l.backward()
    opt.step()
print(f'{l.item():.4f}')
print(conv2d.weight, conv2d.bias)"""),
]

if __name__ == "__main__":
    write_torch_fixture(CASES, OUTPUT)
