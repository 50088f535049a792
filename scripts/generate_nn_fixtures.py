#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/nn/nn.json from real PyTorch.

The nn.Module object model (parameters, buffers, sub-modules, state_dict, train/eval,
reprs), the modules a conv tutorial uses next to the convolutions (Sequential,
ModuleList, ReLU, LeakyReLU, Tanh, Sigmoid, BatchNorm, Upsample, PixelShuffle, pooling,
Identity, Flatten, Linear, Dropout), the functions behind them (F.relu, F.interpolate,
F.batch_norm, F.unfold/fold, ...) and torch.nn.init with seeds. Each case runs here
under PyTorch in a fresh namespace; what it prints is recorded, and the first exception,
as "TypeName: message", stops it. The Swift test NNFixtureTests runs every case in a
fresh ConvLang session and expects the same.

ConvLang does not track gradients yet, so outputs of modules with parameters are
printed through .detach() (PyTorch would add grad_fn=<...> to their repr).

    /work/main/.venv/bin/python scripts/generate_nn_fixtures.py
"""

import pathlib

from program_fixtures import write_torch_fixture

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/nn/nn.json"

H = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"

CASES = [
    # The module object model
    ("module_sequential_repr_dcgan", H + """net = nn.Sequential(
    nn.ConvTranspose2d(100, 512, 4, 1, 0, bias=False),
    nn.BatchNorm2d(512),
    nn.ReLU(True),
    nn.ConvTranspose2d(512, 3, 4, 2, 1, bias=False),
    nn.Tanh(),
)
print(net)"""),
    ("module_nested_repr", H + """inner = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.LeakyReLU(0.2, inplace=True))
net = nn.Sequential(inner, nn.Sequential(), nn.Identity())
print(net)
print(repr(nn.Sequential()))"""),
    ("module_ordered_dict", H + """from collections import OrderedDict
net = nn.Sequential(OrderedDict([('conv', nn.Conv2d(1, 4, 3)), ('act', nn.ReLU()), ('pool', nn.MaxPool2d(2))]))
print(net)
print(net.conv)
print(net[2])
print([name for name, _ in net.named_children()])"""),
    ("module_named_parameters", H + """torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Sequential(nn.Linear(4, 3), nn.ReLU()))
for name, p in net.named_parameters():
    print(name, tuple(p.shape), type(p), p.requires_grad)
print(len(list(net.parameters())))
print(sum(p.numel() for p in net.parameters()))"""),
    ("module_named_buffers", H + """net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
for name, b in net.named_buffers():
    print(name, b)
print(len(list(net.buffers())))"""),
    ("module_state_dict_keys", H + """net = nn.Sequential(nn.Conv2d(1, 2, 3, bias=False), nn.BatchNorm2d(2), nn.ReLU(), nn.Linear(2, 2))
sd = net.state_dict()
print(type(sd))
print(list(sd.keys()))
print(sd['1.running_var'])
print(sd['1.num_batches_tracked'])"""),
    ("module_state_dict_values_share", H + """torch.manual_seed(0)
conv = nn.Conv2d(1, 1, 2)
sd = conv.state_dict()
print(type(sd['weight']), sd['weight'].requires_grad)
sd['weight'].fill_(1.0)
print(conv.weight)
print(list(conv.state_dict(prefix='conv.').keys()))"""),
    ("module_load_state_dict_roundtrip", H + """torch.manual_seed(0)
a = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
torch.manual_seed(1)
b = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
w = b[0].weight
print(b.load_state_dict(a.state_dict()))
print(torch.equal(a[0].weight, b[0].weight), b[0].weight is w)"""),
    ("module_load_state_dict_missing_unexpected", H + """net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())
sd = net.state_dict()
sd.pop('0.bias')
sd['0.extra'] = torch.zeros(1)
sd['5.weight'] = torch.zeros(1)
net.load_state_dict(sd)"""),
    ("module_load_state_dict_size_mismatch", H + """conv = nn.Conv2d(1, 2, 3)
conv.load_state_dict({'weight': torch.zeros(2, 1, 2, 2), 'bias': torch.zeros(2)})"""),
    ("module_load_state_dict_not_strict", H + """conv = nn.Conv2d(1, 2, 3)
print(conv.load_state_dict({'weight': torch.zeros(2, 1, 3, 3), 'other': torch.ones(1)}, strict=False))
print(conv.weight.sum().item())"""),
    ("module_load_state_dict_not_tensor", H + """conv = nn.Conv2d(1, 2, 3)
conv.load_state_dict({'weight': 3, 'bias': torch.zeros(2)})"""),
    ("module_load_state_dict_not_dict", H + """nn.Conv2d(1, 2, 3).load_state_dict([1, 2])"""),
    ("module_load_state_dict_batchnorm_without_count", H + """bn = nn.BatchNorm1d(2)
print(bn.load_state_dict({'weight': torch.ones(2), 'bias': torch.zeros(2), 'running_mean': torch.tensor([1., 2.]), 'running_var': torch.ones(2)}))
print(bn.running_mean)"""),
    ("module_train_eval", H + """net = nn.Sequential(nn.Conv2d(1, 1, 1), nn.Sequential(nn.BatchNorm2d(1)))
print(net.training, net[1][0].training)
print(net.eval() is net, net.training, net[1][0].training)
net.train()
print(net[1][0].training)
net[1].train(False)
print(net.training, net[1].training, net[1][0].training)"""),
    ("module_train_not_bool", H + """nn.ReLU().train(1)"""),
    ("module_children_modules", H + """net = nn.Sequential(nn.Conv2d(1, 1, 1), nn.Sequential(nn.ReLU(), nn.Tanh()))
print([m._get_name() for m in net.children()])
print([m._get_name() for m in net.modules()])
print([name for name, m in net.named_modules()])"""),
    ("module_shared_submodule", H + """relu = nn.ReLU()
conv = nn.Conv2d(1, 1, 1)
net = nn.Sequential(conv, relu, conv, relu)
print(len(list(net.parameters())), len(list(net.modules())), len(list(net.children())))
print(list(net.state_dict().keys()))
print([n for n, _ in net.named_modules()])"""),
    ("module_apply", H + """def init(m):
    if m._get_name() == 'Conv2d':
        nn.init.constant_(m.weight, 0.5)
        nn.init.zeros_(m.bias)
    print('visit', m._get_name())
net = nn.Sequential(nn.Conv2d(1, 1, 2), nn.ReLU(), nn.Sequential(nn.Conv2d(1, 1, 1)))
print(net.apply(init) is net)
print(net[0].weight, net[2][0].bias)"""),
    ("module_setattr_parameter", H + """conv = nn.Conv2d(1, 1, 2, bias=False)
conv.weight = nn.Parameter(torch.ones(1, 1, 2, 2))
print(conv.weight)
print(conv(torch.arange(9.).reshape(1, 1, 3, 3)).detach())
conv.scale = nn.Parameter(torch.tensor([2.]))
print([n for n, _ in conv.named_parameters()])
conv.scale = None
print([n for n, _ in conv.named_parameters()], conv.scale)"""),
    ("module_setattr_tensor_on_parameter_error", H + """conv = nn.Conv2d(1, 1, 2)
conv.bias = torch.zeros(1)"""),
    ("module_setattr_module_and_attribute", H + """net = nn.Sequential(nn.ReLU())
net.extra = nn.Tanh()
net.note = 'hello'
print(net)
print(net.note, len(net))
net.extra = None
print(net)"""),
    ("module_setattr_non_module_on_module_error", H + """net = nn.Sequential(nn.ReLU())
net.extra = nn.Tanh()
net.extra = 3"""),
    ("module_register_buffer_parameter", H + """m = nn.Identity()
m.register_buffer('mask', torch.ones(2))
m.register_buffer('tmp', torch.zeros(1), persistent=False)
m.register_parameter('gain', nn.Parameter(torch.tensor([1.5])))
print(list(m.state_dict().keys()))
print([n for n, _ in m.named_buffers()])
print(m.mask, m.gain)
m.mask = torch.zeros(2)
print(m.mask)"""),
    ("module_register_buffer_errors", H + """m = nn.Identity()
m.register_buffer('a.b', torch.ones(1))"""),
    ("module_register_buffer_exists", H + """m = nn.Identity()
m.register_buffer('training', torch.ones(1))"""),
    ("module_register_parameter_type_error", H + """m = nn.Identity()
m.register_parameter('w', torch.ones(1))"""),
    ("module_add_module", H + """net = nn.Sequential()
net.add_module('conv', nn.Conv2d(1, 2, 1))
net.add_module('act', nn.ReLU())
print(net)
net.add_module('bad', 3)"""),
    ("module_missing_attribute", H + """nn.Conv2d(1, 1, 1).wieght"""),
    ("module_extra_repr_and_fields", H + """conv = nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)
print(conv.extra_repr())
print(conv.in_channels, conv.kernel_size, conv.stride, conv.output_padding, conv.transposed, conv.training)
bn = nn.BatchNorm2d(3, momentum=None)
print(bn.extra_repr(), bn.momentum, bn.eps, bn.affine)"""),
    ("module_zero_grad_requires_grad", H + """net = nn.Sequential(nn.Linear(2, 2))
print(net.zero_grad())
print(net.requires_grad_() is net)
print(net.to('cpu') is net, net.cpu() is net)"""),
    ("module_zero_grad_clears_gradients", H + """net = nn.Sequential(nn.Conv2d(1, 1, 2, bias=False), nn.Conv2d(1, 1, 1))
torch.manual_seed(0)
net(torch.ones(1, 1, 3, 3)).sum().backward()
print(net[0].weight.grad is None, net[1].bias.grad)
net.zero_grad(set_to_none=False)
print(net[0].weight.grad, net[1].bias.grad)
net(torch.ones(1, 1, 3, 3)).sum().backward()
net(torch.ones(1, 1, 3, 3)).sum().backward()
print(net[1].bias.grad)
net.zero_grad()
print(net[0].weight.grad, net[1].bias.grad)"""),
    ("parameter_data_written_through_a_view", H + """torch.manual_seed(0)
conv = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)
X = torch.ones(1, 1, 2, 3)
(conv(X) ** 2).sum().backward()
conv.weight.data[:] -= 0.1 * conv.weight.grad
print(conv.weight)
d = conv.weight.data
d[0, 0, 0, 1] = 5
print(conv.weight)
v = conv.weight.detach()[0]
v.mul_(2)
print(conv.weight)"""),
    ("module_generators", H + """net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
params = net.parameters()
print(type(params))
first = next(params)
print(tuple(first.shape))
print([tuple(p.shape) for p in params])
print(list(params))
names = [n for n, _ in net.named_parameters()]
print(names)
print(sum(p.numel() for p in net.parameters() if p.requires_grad))
blocks = nn.ModuleList()
blocks.extend(net.children())
print(len(blocks))
len(net.parameters())"""),
    ("module_iterate_container", H + """net = nn.Sequential(nn.ReLU(), nn.Tanh())
it = iter(net)
print(type(it))
print(next(it), next(it))
print(list(enumerate(nn.ModuleList([nn.Identity()]))))
print(bool(nn.Sequential()), bool(net), bool(nn.ReLU()))"""),
    ("module_forward_method", H + """relu = nn.ReLU()
x = torch.tensor([-1., 0., 2.])
print(relu.forward(x))
print(relu(x))"""),
    # Sequential and ModuleList
    ("sequential_indexing", H + """net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
print(net[0])
print(net[-1])
print(net[1:3])
print(net[::2])
print(len(net), len(net[1:]))
print([m._get_name() for m in net])"""),
    ("sequential_index_error", H + """net = nn.Sequential(nn.ReLU(), nn.Tanh())
net[2]"""),
    ("sequential_negative_index_error", H + """net = nn.Sequential(nn.ReLU(), nn.Tanh())
net[-3]"""),
    ("sequential_append_insert_extend", H + """net = nn.Sequential(nn.ReLU())
print(net.append(nn.Tanh()) is net)
net.insert(0, nn.Identity())
net.extend([nn.Sigmoid()])
print(net)
net[1] = nn.LeakyReLU()
print(net[1])"""),
    ("sequential_forward", H + """torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8, 3))
x = torch.randn(2, 1, 4, 4)
y = net(x)
print(y.shape)
print(y.detach())"""),
    ("sequential_bad_argument", H + """nn.Sequential(nn.ReLU(), 3)"""),
    ("module_list", H + """blocks = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
blocks.append(nn.ReLU())
print(blocks)
print(len(blocks), blocks[0]._get_name(), blocks[-1]._get_name())
print(blocks[1:])
print(len(list(blocks.parameters())))
x = torch.ones(1, 2)
for b in blocks:
    x = b(x)
print(x.shape)"""),
    ("module_list_not_callable", H + """blocks = nn.ModuleList([nn.ReLU()])
blocks(torch.ones(1))"""),
    ("module_list_empty_repr", H + """print(nn.ModuleList())
print(nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Tanh(), nn.ReLU()]))"""),
    # Activations
    ("activation_modules_repr", H + """print(nn.ReLU(), nn.ReLU(inplace=True), nn.LeakyReLU(), nn.LeakyReLU(0.2, inplace=True), nn.LeakyReLU(0))
print(nn.Tanh(), nn.Sigmoid(), nn.Identity(3, x=4))"""),
    ("activation_functions", H + """x = torch.tensor([[-2., -0.5, 0., 0.5, 3.]])
print(F.relu(x))
print(torch.relu(x))
print(F.leaky_relu(x))
print(F.leaky_relu(x, 0.2))
print(torch.tanh(x))
print(torch.sigmoid(x))
print(F.sigmoid(x))
print(F.tanh(x))"""),
    ("activation_modules_forward", H + """x = torch.tensor([-3., -1., 0., 1., 3.], dtype=torch.float64)
print(nn.ReLU()(x), nn.LeakyReLU(0.1)(x))
print(nn.Tanh()(x), nn.Sigmoid()(x))
print(nn.Identity()(x) is x)"""),
    ("activation_inplace", H + """x = torch.tensor([-1., 2., -3.])
y = F.relu(x, inplace=True)
print(y is x, x)
z = torch.tensor([-1., 2.])
print(nn.LeakyReLU(0.5, inplace=True)(z), z)
w = torch.tensor([-1., 2.])
print(F.relu(w), w)"""),
    ("activation_int_relu", H + """print(F.relu(torch.tensor([-2, 3])))
print(torch.tanh(torch.tensor([0, 1])))"""),
    ("activation_leaky_relu_int_error", H + """F.leaky_relu(torch.tensor([-2, 3]))"""),
    # BatchNorm
    ("batchnorm_reprs", H + """print(nn.BatchNorm1d(4))
print(nn.BatchNorm2d(3, eps=1e-3, momentum=0.2, affine=False))
print(nn.BatchNorm3d(2, track_running_stats=False))
print(nn.BatchNorm2d(2, bias=False))"""),
    ("batchnorm_train_statistics", H + """torch.manual_seed(0)
bn = nn.BatchNorm2d(3)
x = torch.randn(4, 3, 2, 2)
y = bn(x)
print(y.detach()[0])
print(bn.running_mean)
print(bn.running_var)
print(bn.num_batches_tracked)
bn(x * 2)
print(bn.running_mean, bn.num_batches_tracked)"""),
    ("batchnorm_eval", H + """torch.manual_seed(0)
bn = nn.BatchNorm2d(2)
x = torch.randn(2, 2, 3, 3)
bn(x)
bn.eval()
print(bn(x).detach()[1, 1])
print(bn.num_batches_tracked)"""),
    ("batchnorm_momentum_none", H + """torch.manual_seed(0)
bn = nn.BatchNorm1d(2, momentum=None)
for i in range(3):
    bn(torch.randn(5, 2) + i)
print(bn.running_mean, bn.running_var, bn.num_batches_tracked)"""),
    ("batchnorm_no_running_stats", H + """torch.manual_seed(0)
bn = nn.BatchNorm1d(3, track_running_stats=False, affine=False)
print(bn.running_mean, bn.num_batches_tracked, bn.weight)
bn.eval()
print(bn(torch.randn(4, 3)))
print(list(bn.state_dict().keys()))"""),
    ("batchnorm1d_3d_input", H + """torch.manual_seed(0)
bn = nn.BatchNorm1d(2)
print(bn(torch.randn(3, 2, 4)).detach()[0])"""),
    ("batchnorm_wrong_rank", H + """bn = nn.BatchNorm2d(3)
bn(torch.randn(2, 3))"""),
    ("batchnorm_one_value_per_channel", H + """bn = nn.BatchNorm1d(3)
bn(torch.randn(1, 3))"""),
    ("batchnorm_functional", H + """torch.manual_seed(0)
x = torch.randn(3, 2, 2)
mean = torch.zeros(2)
var = torch.ones(2)
print(F.batch_norm(x, mean, var, training=True, momentum=0.5))
print(mean, var)
print(F.batch_norm(x, mean, var, torch.tensor([2., 1.]), torch.tensor([0., 1.])))"""),
    # Upsample and interpolate
    ("upsample_reprs", H + """print(nn.Upsample(scale_factor=2))
print(nn.Upsample(size=(4, 6), mode='bilinear', align_corners=True))
print(nn.Upsample(scale_factor=(2, 1.5), mode='bilinear'))
print(nn.Upsample(size=5))"""),
    ("upsample_nearest_forward", H + """x = torch.arange(4.).reshape(1, 1, 2, 2)
print(nn.Upsample(scale_factor=2)(x))
print(nn.Upsample(size=(3, 3))(x))"""),
    ("upsample_bilinear_forward", H + """x = torch.arange(6.).reshape(1, 1, 2, 3)
print(nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False)(x))
print(nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)(x))"""),
    ("interpolate_functions", H + """torch.manual_seed(0)
x = torch.randn(1, 2, 3, 3)
print(F.interpolate(x, size=(5, 4), mode='bilinear', align_corners=False)[0, 0])
print(F.interpolate(x, scale_factor=1.5, mode='nearest').shape)
print(F.interpolate(torch.arange(3.).reshape(1, 1, 3), scale_factor=2, mode='linear'))
print(F.interpolate(x, scale_factor=2.5, mode='bilinear', recompute_scale_factor=True)[0, 1, 0])"""),
    ("interpolate_align_corners_nearest_error", H + """F.interpolate(torch.ones(1, 1, 2, 2), scale_factor=2, align_corners=True)"""),
    ("interpolate_both_error", H + """F.interpolate(torch.ones(1, 1, 2, 2), size=3, scale_factor=2)"""),
    ("interpolate_neither_error", H + """F.interpolate(torch.ones(1, 1, 2, 2))"""),
    ("interpolate_size_length_error", H + """F.interpolate(torch.ones(1, 1, 2, 2), size=(3, 4, 5))"""),
    ("interpolate_size_type_error", H + """F.interpolate(torch.ones(1, 1, 2, 2), size=(3.0, 4))"""),
    ("interpolate_bilinear_rank_error", H + """F.interpolate(torch.ones(1, 1, 2), scale_factor=2, mode='bilinear')"""),
    # PixelShuffle, pooling, flatten, identity, linear, dropout
    ("pixel_shuffle", H + """x = torch.arange(16.).reshape(1, 4, 2, 2)
ps = nn.PixelShuffle(2)
print(ps)
y = ps(x)
print(y)
print(nn.PixelUnshuffle(2)(y))
print(torch.equal(F.pixel_unshuffle(F.pixel_shuffle(x, 2), 2), x))"""),
    ("pixel_shuffle_error", H + """F.pixel_shuffle(torch.ones(1, 3, 2, 2), 2)"""),
    ("pooling_modules", H + """x = torch.arange(32.).reshape(1, 2, 4, 4)
mp = nn.MaxPool2d(2)
ap = nn.AvgPool2d(3, stride=1, padding=1)
print(mp, ap)
print(mp(x))
print(ap(x)[0, 0])
print(nn.AvgPool2d(2, ceil_mode=True, count_include_pad=False)(x[:, :, :3, :3]))"""),
    ("pooling_1d_3d", H + """x = torch.arange(10.).reshape(1, 1, 10)
print(nn.MaxPool1d(3, stride=2), nn.AvgPool1d(2), nn.MaxPool3d(2), nn.AvgPool3d(2))
print(nn.MaxPool1d(3, stride=2)(x), nn.AvgPool1d(2)(x))
v = torch.arange(16.).reshape(1, 1, 2, 2, 4)
print(nn.MaxPool3d(2)(v), nn.AvgPool3d(2)(v))"""),
    ("pooling_functions", H + """x = torch.tensor([[[[1., 5., 2.], [7., 3., 9.], [4., 8., 6.]]]])
print(F.max_pool2d(x, 2, stride=1))
out, idx = F.max_pool2d(x, 2, stride=1, return_indices=True)
print(idx)
print(F.avg_pool2d(x, 2, stride=1, divisor_override=1))
print(F.max_pool2d(x, 2, padding=1, dilation=2))
print(nn.MaxPool2d(2, return_indices=True)(x))"""),
    ("pooling_padding_error", H + """F.max_pool2d(torch.ones(1, 1, 4, 4), 2, padding=2)"""),
    ("flatten_identity", H + """x = torch.ones(2, 3, 4, 5)
print(nn.Flatten(), nn.Flatten(0, 2))
print(nn.Flatten()(x).shape, nn.Flatten(0, 2)(x).shape, nn.Flatten(2)(x).shape)
print(torch.flatten(x).shape, torch.flatten(x, 1).shape)
print(nn.Identity()(x).shape)
print(type(nn.Flatten()), type(nn.ReLU()), type(nn.Sequential()), type(nn.BatchNorm2d(1)), type(nn.Upsample(size=2)))"""),
    ("unflatten", H + """x = torch.arange(12.).reshape(2, 6)
u = nn.Unflatten(1, (2, 3))
print(u, nn.Unflatten(1, [3, 2]), nn.Unflatten(-1, torch.Size([2, 3])))
print(u(x))
print(x.unflatten(1, (3, -1)).shape, torch.unflatten(x, -1, (1, 6)).shape)
print(nn.Sequential(nn.Flatten(), nn.Unflatten(1, (3, 4)))(x.reshape(2, 3, 4)).shape)
x.unflatten(1, (4, 2))"""),
    ("unflatten_errors", H + """x = torch.ones(2, 6)
for args in [(2, (1,)), (1, ()), (1, (0, -1)), (1, (5, -1))]:
    try:
        x.unflatten(*args)
    except Exception as e:
        print(type(e).__name__, e)
nn.Unflatten(1, (2.0, 3))"""),
    ("unflatten_type_error", H + """nn.Unflatten(1, 3)"""),
    ("linear_module", H + """torch.manual_seed(0)
fc = nn.Linear(3, 2)
print(fc)
print(fc.weight)
print(fc.bias)
print(fc.in_features, fc.out_features)
print(fc(torch.arange(6.).reshape(2, 3)).detach())
print(nn.Linear(4, 2, bias=False))"""),
    ("linear_functional", H + """x = torch.tensor([[1., 2.], [3., 4.]])
w = torch.tensor([[1., 0.], [0., 2.], [1., 1.]])
print(F.linear(x, w))
print(F.linear(x, w, torch.tensor([1., 1., 1.])))
F.linear(x, torch.ones(3, 3))"""),
    ("dropout_eval_and_refusal", H + """d = nn.Dropout(0.3)
print(d)
d.eval()
x = torch.ones(3)
print(d(x) is x)
print(F.dropout(x, 0.3, training=False) is x)
print(F.dropout(x, 0.0) is x)
print(F.dropout(x, 1.0))
print(nn.Dropout(p=0.2, inplace=True))"""),
    ("dropout_probability_error", H + """nn.Dropout(1.5)"""),
    ("dropout_functional_probability_error", H + """F.dropout(torch.ones(2), -0.1)"""),
    ("unfold_fold", H + """x = torch.arange(16.).reshape(1, 1, 4, 4)
cols = F.unfold(x, kernel_size=2, stride=2)
print(cols)
print(F.fold(cols, output_size=(4, 4), kernel_size=2, stride=2))
over = F.unfold(x, 3, padding=1)
print(over.shape)
print(F.fold(over, (4, 4), 3, padding=1))"""),
    ("unfold_error", H + """F.unfold(torch.ones(1, 1, 2, 2), kernel_size=3)"""),
    # torch.nn.init
    ("init_uniform_normal", H + """torch.manual_seed(0)
w = torch.empty(2, 3)
print(nn.init.uniform_(w) is w, w)
print(nn.init.uniform_(torch.empty(3), -0.5, 0.5))
print(nn.init.normal_(torch.empty(2, 2), 0.0, 0.02))
print(nn.init.normal_(torch.empty(20), mean=1.0, std=2.0))"""),
    ("init_constant_zeros_ones", H + """w = torch.empty(2, 2)
print(nn.init.constant_(w, 0.3))
print(nn.init.zeros_(w), nn.init.ones_(torch.empty(3)))
print(nn.init.constant_(torch.empty(2, dtype=torch.int64), 2.7))"""),
    ("init_xavier", H + """torch.manual_seed(1)
print(nn.init.xavier_uniform_(torch.empty(3, 4)))
print(nn.init.xavier_normal_(torch.empty(2, 3, 2), gain=2.0))
print(nn.init.xavier_uniform_(torch.empty(3, 4), gain=nn.init.calculate_gain('relu')))"""),
    ("init_kaiming", H + """torch.manual_seed(2)
print(nn.init.kaiming_uniform_(torch.empty(3, 4)))
print(nn.init.kaiming_normal_(torch.empty(2, 3, 3, 3), mode='fan_out', nonlinearity='relu')[0, 0])
print(nn.init.kaiming_uniform_(torch.empty(2, 5), a=0.2, nonlinearity='leaky_relu'))"""),
    ("init_trunc_normal", H + """torch.manual_seed(3)
print(nn.init.trunc_normal_(torch.empty(8), std=0.02))
print(nn.init.trunc_normal_(torch.empty(2, 3), mean=0.5, std=1.0, a=0.0, b=1.0))"""),
    ("init_calculate_gain", H + """for name in ['linear', 'conv2d', 'conv_transpose2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu']:
    print(name, nn.init.calculate_gain(name))
print(nn.init.calculate_gain('leaky_relu', 0.2))
nn.init.calculate_gain('gelu')"""),
    ("init_fan_error", H + """nn.init.xavier_uniform_(torch.empty(3))"""),
    ("init_kaiming_mode_error", H + """nn.init.kaiming_normal_(torch.empty(3, 3), mode='fan_middle')"""),
    ("init_module_weights_seeded", H + """torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(1, 2, 2), nn.BatchNorm2d(2), nn.ConvTranspose2d(2, 1, 2))
def weights_init(m):
    name = m._get_name()
    if 'Conv' in name:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif 'BatchNorm' in name:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)
net.apply(weights_init)
print(net[0].weight)
print(net[1].weight, net[1].bias)
print(net[2].weight)"""),
    ("init_import_forms", H + """from torch.nn import init
import torch.nn.init as I
torch.manual_seed(0)
print(init.uniform_(torch.empty(2)), I.zeros_(torch.empty(1)))"""),
    # DCGAN generator
    ("dcgan_generator_forward", H + """torch.manual_seed(0)
nz, ngf, nc = 16, 4, 3
netG = nn.Sequential(
    nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False),
    nn.BatchNorm2d(ngf * 4),
    nn.ReLU(True),
    nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
    nn.BatchNorm2d(ngf * 2),
    nn.ReLU(True),
    nn.ConvTranspose2d(ngf * 2, nc, 4, 2, 1, bias=False),
    nn.Tanh(),
)
def weights_init(m):
    classname = m._get_name()
    if 'Conv' in classname:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif 'BatchNorm' in classname:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)
netG.apply(weights_init)
print(netG)
noise = torch.randn(2, nz, 1, 1)
fake = netG(noise)
print(fake.shape)
print(fake.detach()[0, 0, :2])
print(netG[1].running_mean[:4])
x = noise
for layer in netG:
    x = layer(x)
    print(layer._get_name(), tuple(x.shape))"""),
    ("dcgan_generator_eval", H + """torch.manual_seed(0)
netG = nn.Sequential(nn.ConvTranspose2d(8, 4, 4, 1, 0, bias=False), nn.BatchNorm2d(4), nn.ReLU(True),
                     nn.ConvTranspose2d(4, 1, 4, 2, 1, bias=False), nn.Tanh())
netG.eval()
out = netG(torch.randn(1, 8, 1, 1))
print(out.shape, netG[1].num_batches_tracked)
print(out.detach()[0, 0, 0])
print(sum(p.numel() for p in netG.parameters()))"""),
    ("upsample_conv_decoder", H + """torch.manual_seed(0)
dec = nn.Sequential(nn.Upsample(scale_factor=2, mode='nearest'), nn.Conv2d(4, 4, 3, padding=1), nn.BatchNorm2d(4),
                    nn.LeakyReLU(0.2), nn.PixelShuffle(2), nn.Conv2d(1, 1, 1), nn.Sigmoid())
print(dec)
y = dec(torch.randn(1, 4, 2, 2))
print(y.shape)
print(y.detach()[0, 0, 0])"""),
    # float16 gradients where PyTorch's Empty backend takes the convolution (no samples
    # or no input channels): zeros, with no float16 sum to round.
    ("conv_empty_float16_backward", H + """for shape, w_shape in [((0, 2, 5, 5), (3, 2, 3, 3)), ((2, 0, 5, 5), (3, 0, 3, 3))]:
    x = torch.zeros(*shape, dtype=torch.float16, requires_grad=True)
    w = torch.ones(*w_shape, dtype=torch.float16, requires_grad=True)
    b = torch.ones(3, dtype=torch.float16, requires_grad=True)
    y = F.conv2d(x, w, b, padding=1)
    y.sum().backward()
    print(y.shape, x.grad.shape, x.grad.dtype, w.grad.shape, w.grad.sum(), b.grad)
t = torch.zeros(0, 3, 4, 4, dtype=torch.float16, requires_grad=True)
u = torch.ones(3, 2, 3, 3, dtype=torch.float16, requires_grad=True)
F.conv_transpose2d(t, u, stride=2).sum().backward()
print(t.grad.shape, u.grad.dtype, u.grad.abs().sum())"""),
]


if __name__ == "__main__":
    write_torch_fixture(CASES, OUTPUT)
