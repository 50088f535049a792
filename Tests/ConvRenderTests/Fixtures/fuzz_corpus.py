# The fuzz corpus's own cells, separated by '# %%' lines: what the notebooks, the experiment
# scripts and the diagnostic fixtures (which LanguageFuzzTests reads too) leave out.
# %%
x = torch.arange(24).reshape(2, 3, 4)
x[0], x[-1, 1:], x[..., ::2], x[:, None, 0], x[1, 2, 3].item()
# %%
a = [1, 2, 3, 4, 5]
a[1:4], a[::-1], a[-2:], a[::2], len(a), 3 in a, 7 not in a
# %%
t = (1, 2.5, 'three', None, True)
t[2], t[-1], t[1:3], len(t)
# %%
d = {'a': 1, 'b': [2, 3], 'c': {'d': 4}}
d['a'], d['b'][1], d['c']['d'], list(d.keys()), d.get('z', 0)
d['e'] = 5
d.items()
# %%
s = 'hello' + " world"
s[0], s[-5:], s * 2, len(s), 'lo' in s, s == "hello world", str(3.5), repr('a\nb')
# %%
print('tab\tand newline\n', "quote's", 'say "hi"', r'raw\n', sep='|', end='!\n')
# %%
doc = """a triple-quoted
string with 'quotes' and "doubles" """
print(doc)
# %%
n = 7
n += 3; n -= 1; n *= 2; n //= 3; n %= 5; n **= 2
n, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** 10, 2 ** -1, 7 / 2, 1e3, 1.5e-3, 0x1f, 0b101, 0o17, 1_000
# %%
(3 & 5, 3 | 5, 3 ^ 5, ~3, -(-3), +4, not True, True and False, None or 'x', 1 < 2 <= 3 != 4)
# %%
x = torch.rand(2, 3)
x.shape, x.size(), x.size(1), x.dim(), x.numel(), x.dtype, x.T.shape, x.ndim, x.device, x.requires_grad
# %%
x = torch.ones(1, 1, 4, 4)
y = x.view(16).reshape(4, 4).permute(1, 0).transpose(0, 1).flatten().unsqueeze(0).squeeze()
y.shape
# %%
w = torch.tensor([[1., 2.], [3., 4.]])
w.sum(), w.mean(), w.max(), w.min(dim=0), w.sum(dim=1, keepdim=True), w.abs(), w.neg(), w.t(), w @ w, w.matmul(w)
# %%
w = torch.tensor([[1., 2.], [3., 4.]])
(w > 2).all(), (w > 2).any(), w.eq(1), w.ne(1), w.lt(3), w.le(3), w.gt(1), w.ge(1), w.add(1), w.sub(1), w.mul(2), w.div(2), w.pow(2)
# %%
w = torch.zeros(2, 2)
w.fill_(3); w.zero_(); w.copy_(torch.ones(2)); w.uniform_(-1, 1)
w.long(), w.int(), w.float(), w.double(), w.bool(), w.to(torch.float64), w.type(), w.clone(), w.detach(), w.contiguous()
# %%
a, b = torch.ones(2, 3), torch.zeros(2, 3)
torch.cat([a, b], dim=0).shape, torch.stack([a, b]).shape, torch.cat((a, b), 1).shape
# %%
torch.linspace(0, 1, 5), torch.eye(3), torch.full((2, 2), 7.0), torch.arange(0, 10, 3), torch.arange(1., 2., 0.25)
# %%
x = torch.rand(3, 3)
torch.zeros_like(x), torch.ones_like(x), torch.full_like(x, 0.5), torch.rand_like(x), torch.randn_like(x, dtype=torch.float64)
# %%
torch.Size([1, 2, 3]), torch.Size([1, 2, 3]).numel(), torch.is_tensor(3), torch.from_numpy(np.array([1.0]))
# %%
x = np.array([[1, 2], [3, 4]], dtype=np.float32)
x.dtype, np.asarray([1.5, 2.5]).dtype, np.array(x)[:, ::-1]
# %%
torch.manual_seed(42)
x = torch.randn(1, 2, 5)
w = torch.randn(4, 2, 3)
F.conv1d(x, w, stride=2, padding=1).shape, F.conv_transpose1d(x, torch.randn(2, 3, 3), stride=2).shape
# %%
x = torch.rand(1, 1, 4, 4, 4)
F.conv3d(x, torch.rand(2, 1, 3, 3, 3), padding=1).shape, nn.ConvTranspose3d(1, 2, 2, stride=2)(x).shape
# %%
c = nn.Conv1d(4, 4, 3, groups=2, dilation=2, padding='same', padding_mode='circular')
c, c(torch.rand(1, 4, 10)).shape, c.in_channels, c.groups, c.dilation, c.padding_mode
# %%
conv = nn.Conv2d(2, 4, kernel_size=(3, 1), stride=(2, 1), padding=(1, 0), bias=True)
params = list(conv.parameters())
len(params), params[0].shape, conv.bias.shape, conv.weight.requires_grad
conv.eval(); conv.train()
# %%
conv = nn.Conv2d(1, 1, 3)
sd = conv.state_dict()
sd['weight'] = torch.ones(1, 1, 3, 3)
conv.load_state_dict(sd)
conv.weight.data.sum().item()
# %%
up = nn.ConvTranspose2d(2, 1, 4, stride=2, padding=1)
up.weight.data = torch.ones(2, 1, 4, 4)
up.bias = None
up(torch.ones(1, 2, 3, 3), output_size=(6, 6)).shape
# %%
F.pad(torch.arange(6.).reshape(1, 2, 3), (1, 2), mode='reflect'), F.pad(torch.ones(1, 1, 2, 2), (1, 1, 1, 1), value=5.0), F.pad(torch.ones(3), (-1, 0))
# %%
X = torch.arange(9.).reshape(3, 3)
K = torch.tensor([[1., 0.], [0., -1.]])
scatter_add(X, K), conv_matrix(torch.zeros(1, 1, 3, 3), K.reshape(1, 1, 2, 2)).shape
# %%
x = torch.zeros(3, 4)
x[0] = 1; x[1, ::2] = torch.tensor([2., 3.]); x[:, -1] += 4; x[2][1] = 9
x
# %%
where(torch.tensor([True, False]), torch.ones(2), torch.zeros(2)), torch.where(torch.arange(4) > 1, 1.0, -1.0)
# %%
x = torch.tensor([1, 2, 3])
int(x[0]), float(x[1]), bool(x[2]), round(2.5), round(3.14159, 2), abs(-3), max(3, 9, 2), min([4, 1]), sum([1, 2, 3]), sum(x)
# %%
list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -2)), tuple('abc'), list({'k': 1}), len(range(7))
# %%
import math
math.sqrt(2), math.floor(-2.5), math.ceil(2.1), math.pi, math.e, math.inf, -math.inf
# %%
from torch.nn.functional import *
from torch import nn as layers, tensor
y = conv2d(tensor([[[[1.]]]]), tensor([[[[2.]]]]))
y
# %%
type(1), type(2.0), type('s'), type([]), type(()), type({}), type(None), type(torch.ones(1)), type(nn.Conv2d(1, 1, 1))
# %%
x = torch.ones(2, 2)
x?
# %%
help(nn.ConvTranspose2d)
# %%
F.conv_transpose2d?
# %%
?torch.rand
# %%
help()
# %%
x = torch.rand(1, 1, 5, 5); w = torch.rand(1, 1, 3, 3)
explain(F.conv2d, input=x, kernel_size=3, padding=1, dilation=2)
# %%
diagram(F.conv2d, input=(5, 6), kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), step=(1, 1))
# %%
diagram(F.conv1d, input=7, kernel_size=3, stride=2)
# %%
animate(nn.Conv2d(1, 1, 3, stride=2), torch.ones(1, 1, 5, 5))
# %%
matrix(F.conv1d, input=5, kernel=torch.tensor([1., 2., 3.]))
# %%
matrix(nn.ConvTranspose2d(1, 1, 2, stride=2), torch.ones(1, 1, 2, 2))
# %%
steps(F.conv_transpose1d, torch.ones(1, 1, 3), torch.ones(1, 1, 2), stride=2, method='scatter')
# %%
explain(F.conv_transpose3d, input=2, kernel_size=2, stride=2)
# %%
diagram('arbitrary_padding_no_strides'); animate('dilation'); explain('padding_strides')
# %%
display(torch.ones(2), 'text', nn.Conv2d(1, 1, 1)); clear_output(wait=True)
# %%
x = [[1, 2], [3, 4]]
x[0][1] = 9
x, x + [[5]], x * 2, [x] * 2, (x,) * 3
# %%
a = b = c = [0]
a, (b, c) = 1, [2, 3]
a, b, c
# %%
torch.tensor(3.5).item(), torch.tensor([True, False]).dtype, torch.tensor([[1, 2]], dtype=torch.float64), torch.tensor(7).tolist()
# %%
x = torch.arange(12).reshape(3, 4)
x.max(dim=1).values, x.min(1)[1], torch.max(x), torch.sum(x, dim=0), torch.abs(x - 5), torch.numel(x), torch.transpose(x, 0, 1)
# %%
x = torch.arange(6.).reshape(2, 3)
torch.allclose(x, x + 1e-9), torch.isclose(x, x).all(), torch.equal(x, x.clone()), x.allclose(x, atol=0.1)
# %%
x = torch.ones(1, 3)
x.expand(2, 3), x.flip(1), torch.flip(x, [0, 1]), torch.reshape(x, (3, 1)), torch.permute(x, (1, 0)), torch.mm(x, x.T)
# %%
x = torch.rand(2, 2)
x += 1; x -= 0.5; x *= 2; x /= 4; x **= 2
x = -x; x = +x; x = abs(x); x = x // 1
# %%
f = F.conv2d
f(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2), None, 1, 0, 1, 1)
# %%
args = [torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2)]
F.conv2d(*args, stride=1)
# %%
torch.zeros(*[2, 3]), torch.ones(size=(2, 2)), torch.rand((2, 2)), torch.randn([1, 2]), torch.Tensor(torch.Size([2]))
# %%
x = 1; \
y = 2
z = (x +
     y)  # comment
z
# %%
OrderedDict([('a', 1), ['b', 2]]), OrderedDict(), OrderedDict({'x': torch.ones(1)})
# %%
torch.initial_seed(); torch.manual_seed(123); torch.rand(1).item()
# %%
e = torch.tensor([])
e, e.shape, e.sum(), torch.zeros(0, 3), torch.ones(2, 0).sum(dim=1)
# %%
big = torch.arange(2000.).reshape(40, 50)
big
# %%
torch.tensor([1e-10, 1e10, float('inf'), float('nan'), -0.0]), torch.tensor([123456789, -5]), torch.tensor([0.1, 0.25])
# %%
a = [3, 1, 2]
b = a
b.append(a); b += [4]; b *= 2
a.insert(0, 5); a.extend((5, 6)); a.reverse()
print(a, a == b, a is b, id(a) == id(b), a.count(4), a.index(4), a.pop(), a.pop(0), len(a))
# %%
d = {'w': [1, 2]}
e = d
e['me'] = d; e.setdefault('n', []).append(e)
d.update([('x', 1)], y=d)
print(d.pop('x'), d.pop('z', None), d.copy() == d, dict(d) is d, d, list(d.items()))
# %%
l = []
l.append(l); l.append({'l': l})
print(l, l == l, l in l, l[1]['l'] is l, l[:] is l, list(l) == l)
l.remove(l); l.clear(); l, l is not None
