#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/language/language.json from real CPython and PyTorch.

Each case is a short program as users paste them from tutorials: functions, loops,
comprehensions, f-strings and `%`/`str.format`, classes and `nn.Module` models,
exceptions around PyTorch's errors, `with torch.no_grad():`, the nn modules a conv
tutorial uses, and shape walks. It runs here in a fresh namespace; what it prints is
recorded, and the exception that ends it, as "TypeName: message". The Swift test
LanguageFixtureTests runs every case in a fresh ConvLang session and expects the same.

Programs are deterministic: random numbers come after `torch.manual_seed`, nothing
prints a time, an address or the order of a set of strings. Integers stay within 64
bits (ConvLang refuses larger ones with an OverflowError rather than give Python's).

Run with the CPython 3.11 and PyTorch the expected outputs must come from:

    /work/main/.venv/bin/python scripts/generate_language_fixtures.py
"""

import re
import pathlib
import platform
import sys

import torch

from program_fixtures import run_program, write_fixture

# An object's address (`<... object at 0x7f...>`) differs from run to run.
ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/language/language.json"

# --- functions -------------------------------------------------------------------------
CASES = [
    ("func_defaults", """def conv_out(size, kernel, stride=1, padding=0, dilation=1):
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1

print(conv_out(32, 3))
print(conv_out(32, 3, padding=1))
print(conv_out(32, 3, 2, 1))
print(conv_out(size=7, kernel=3, stride=2))"""),
    ("func_keywords_any_order", """def tconv_out(size, kernel, stride=1, padding=0, output_padding=0, dilation=1):
    return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1

print(tconv_out(kernel=4, size=16, padding=1, stride=2))
print(tconv_out(5, 3, stride=2, padding=1, output_padding=1))
print([tconv_out(s, 4, 2, 1) for s in (1, 4, 8, 16, 32)])"""),
    ("func_args_kwargs", """def describe(*args, **kwargs):
    print(len(args), args)
    for key, value in kwargs.items():
        print(key, '=', value)

describe()
describe(1, 2, 3)
describe('conv', kernel_size=3, stride=2)
describe(*[4, 5], **{'padding': 1})"""),
    ("func_keyword_only", """def layer(in_channels, out_channels, *, kernel_size=3, bias=True):
    return (in_channels, out_channels, kernel_size, bias)

print(layer(1, 8))
print(layer(1, 8, kernel_size=5, bias=False))
print(layer(1, 8, 3))"""),
    ("func_missing_argument", """def area(h, w):
    return h * w

print(area(3, 4))
print(area(3))"""),
    ("func_unexpected_keyword", """def scale(x, factor=2):
    return x * factor

print(scale(3, factor=3))
print(scale(3, fator=3))"""),
    ("func_too_many_positional", """def pair(a, b=0):
    return a, b

print(pair(1))
pair(1, 2, 3)"""),
    ("func_multiple_values", """def f(x, y):
    return x - y

print(f(5, y=2))
f(5, x=2)"""),
    ("func_return_tuple", """def shape_of(h, w):
    return h * 2, w * 2

h, w = shape_of(3, 4)
print(h, w)
print(shape_of(1, 1))
print(type(shape_of(1, 1)).__name__)"""),
    ("func_no_return_is_none", """def log(message):
    print('log:', message)

result = log('hello')
print(result)
print(result is None)"""),
    ("func_early_return", """def sign(x):
    if x > 0:
        return 'positive'
    elif x < 0:
        return 'negative'
    return 'zero'

for value in [3, -2, 0]:
    print(value, sign(value))"""),
    ("func_closure_counter", """def make_counter():
    count = 0
    def increment():
        nonlocal count
        count += 1
        return count
    return increment

counter = make_counter()
counter()
counter()
print(counter())
other = make_counter()
print(other(), counter())"""),
    ("func_closure_captures_late", """def make_multipliers():
    return [lambda x: x * i for i in range(3)]

print([m(10) for m in make_multipliers()])
print([(lambda x, i=i: x * i)(10) for i in range(3)])"""),
    ("func_global", """total = 0

def add(n):
    global total
    total += n
    return total

add(5)
add(7)
print(total)"""),
    ("func_unbound_local", """x = 10

def bump():
    x += 1
    return x

print(bump())"""),
    ("func_recursion_factorial", """def factorial(n):
    return 1 if n <= 1 else n * factorial(n - 1)

print(factorial(5))
print(factorial(20))"""),
    ("func_recursion_fib", """def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

print([fib(i) for i in range(15)])
print(fib(20))"""),
    ("func_recursion_error_caught", """def down(n):
    return down(n + 1)

try:
    down(0)
except RecursionError as e:
    print(type(e).__name__)
    print(e)"""),
    ("func_recursion_error_uncaught", """def forever(n):
    return forever(n + 1) + 1

print('before')
forever(0)"""),
    ("func_lambda", """square = lambda x: x ** 2
add = lambda a, b=1: a + b
print(square(7))
print(add(2), add(2, 3))
print((lambda: 'no args')())
print(sorted([3, -1, 2], key=lambda v: abs(v)))"""),
    ("func_docstring", """def trans_conv(X, K):
    \"\"\"Transposed convolution by scatter-add.\"\"\"
    return X

def no_doc():
    pass

print(trans_conv.__doc__)
print(no_doc.__doc__)
print(trans_conv.__name__)"""),
    ("func_first_class", """def double(x):
    return 2 * x

def apply(f, values):
    return [f(v) for v in values]

print(apply(double, [1, 2, 3]))
print(apply(str, [1, 2, 3]))
functions = {'double': double, 'neg': lambda x: -x}
print(functions['neg'](4), functions['double'](4))"""),
    ("func_nested_helper", """def output_sizes(sizes, kernel):
    def one(size):
        return size - kernel + 1
    return [one(s) for s in sizes]

print(output_sizes([5, 8, 32], 3))"""),
    ("func_default_evaluated_once", """def append_to(item, target=[]):
    target.append(item)
    return target

print(append_to(1))
print(append_to(2))
print(append_to(3, []))"""),
    ("func_tensor_argument", """import torch

def normalize(t):
    return (t - t.mean()) / t.std()

x = torch.tensor([1., 2., 3., 4.])
print(normalize(x))
print(x)"""),
    ("func_modifies_tensor_in_place", """import torch

def fill_diagonal(t, value):
    for i in range(min(t.shape)):
        t[i, i] = value

m = torch.zeros(3, 3)
fill_diagonal(m, 7)
print(m)"""),
    ("func_star_unpack_call", """def volume(c, h, w):
    return c * h * w

shape = (3, 32, 32)
print(volume(*shape))
params = {'c': 1, 'h': 28, 'w': 28}
print(volume(**params))"""),
    ("func_call_non_callable", """x = 5
print(x(3))"""),
    ("func_isinstance_callable", """def f():
    pass

print(callable(f), callable(len), callable(3), callable(lambda: 0))"""),
]

# --- loops -----------------------------------------------------------------------------
CASES += [
    ("loop_range", """for i in range(3):
    print(i)
for i in range(2, 10, 3):
    print(i, end=' ')
print()
for i in range(5, 0, -2):
    print(i, end=',')
print()"""),
    ("loop_list_tuple", """for name in ['conv', 'relu', 'pool']:
    print(name.upper())
for size in (8, 16, 32):
    print(size * 2)"""),
    ("loop_dict", """config = {'kernel_size': 3, 'stride': 2, 'padding': 1}
for key in config:
    print(key)
for key, value in config.items():
    print(f'{key}={value}')
for value in config.values():
    print(value, end=' ')
print()"""),
    ("loop_string", """for ch in 'conv':
    print(ch, end='|')
print()
print([c for c in 'abc'])"""),
    ("loop_tensor_rows", """import torch
x = torch.arange(6).reshape(2, 3)
for row in x:
    print(row)
for row in torch.arange(4.):
    print(row)"""),
    ("loop_tensor_rows_shapes", """import torch
batch = torch.zeros(4, 3, 8, 8)
for image in batch:
    print(image.shape)
    break
print(len(batch), len(list(batch)))"""),
    ("loop_while", """n = 37
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print(steps)"""),
    ("loop_while_halving", """size = 64
sizes = []
while size >= 4:
    sizes.append(size)
    size //= 2
print(sizes)"""),
    ("loop_break_continue", """for i in range(10):
    if i % 2 == 0:
        continue
    if i > 7:
        break
    print(i)"""),
    ("loop_for_else", """for n in [3, 5, 7]:
    if n % 2 == 0:
        print('found even', n)
        break
else:
    print('no even number')
for n in [3, 4, 7]:
    if n % 2 == 0:
        print('found even', n)
        break
else:
    print('no even number')"""),
    ("loop_while_else", """i = 0
while i < 3:
    i += 1
else:
    print('done at', i)"""),
    ("loop_nested", """for i in range(3):
    for j in range(3):
        if j > i:
            break
        print(i, j, end='; ')
print()"""),
    ("loop_enumerate_zip", """names = ['conv1', 'conv2', 'fc']
sizes = [32, 16, 10]
for i, name in enumerate(names):
    print(i, name)
for i, name in enumerate(names, start=1):
    print(i, name)
for name, size in zip(names, sizes):
    print(name, size)
print(list(zip(names, sizes, range(5))))"""),
    ("loop_reversed_sorted", """values = [3, 1, 2]
for v in reversed(values):
    print(v, end=' ')
print()
for v in sorted(values, reverse=True):
    print(v, end=' ')
print()
print(list(reversed(range(4))))"""),
    ("loop_unpack_pairs", """pairs = [(1, 'a'), (2, 'b')]
for number, letter in pairs:
    print(number, letter)
for (a, b), c in [((1, 2), 3)]:
    print(a + b + c)"""),
    ("loop_modifying_list", """sizes = [4, 8]
for s in sizes[:]:
    sizes.append(s * 2)
print(sizes)"""),
    ("loop_variable_after_loop", """for i in range(4):
    pass
print(i)
for j in []:
    pass
try:
    print(j)
except NameError as e:
    print(e)"""),
    ("loop_trans_conv", """import torch

def trans_conv(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1))
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i: i + h, j: j + w] += X[i, j] * K
    return Y

X = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
print(trans_conv(X, K))"""),
    ("loop_corr2d", """import torch

def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y

X = torch.arange(9.0).reshape(3, 3)
K = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
print(corr2d(X, K))"""),
    ("loop_accumulate_tensor", """import torch
torch.manual_seed(0)
total = torch.zeros(3)
for step in range(4):
    total += torch.rand(3)
print(total)"""),
    ("loop_range_len", """items = ['a', 'b', 'c']
for i in range(len(items)):
    print(i, items[i])
print(range(len(items)))"""),
]

# --- comprehensions --------------------------------------------------------------------
CASES += [
    ("comp_list", """print([x * x for x in range(6)])
print([x for x in range(10) if x % 3 == 0])
print([c.upper() for c in 'abc'])
print([x if x > 0 else 0 for x in [-2, -1, 0, 1, 2]])"""),
    ("comp_nested", """print([[i * j for j in range(3)] for i in range(3)])
print([(i, j) for i in range(3) for j in range(i)])
matrix = [[1, 2, 3], [4, 5, 6]]
print([v for row in matrix for v in row])
print([list(col) for col in zip(*matrix)])"""),
    ("comp_dict", """sizes = {name: 2 ** i for i, name in enumerate(['a', 'b', 'c'])}
print(sizes)
print({k: v for k, v in sizes.items() if v > 1})
print({v: k for k, v in sizes.items()})"""),
    ("comp_set", """print({x % 3 for x in range(10)})
print({len(w) for w in ['conv', 'pool', 'fc', 'relu']})
print(sorted({-x for x in [1, 2, 2, 3]}))"""),
    ("comp_generator", """print(sum(x * x for x in range(5)))
print(max(len(w) for w in ['a', 'abc', 'ab']))
print(any(x > 3 for x in [1, 2, 5]), all(x > 0 for x in [1, 2, 0]))
g = (x + 1 for x in range(3))
print(list(g))
print(list(g))
print(tuple(i for i in range(3)))"""),
    ("comp_tensors", """import torch
torch.manual_seed(0)
xs = [torch.rand(2) for _ in range(3)]
print(torch.stack(xs))
print([t.shape for t in [torch.zeros(1, 2), torch.zeros(3)]])
print(sum(t.numel() for t in [torch.zeros(2, 3), torch.zeros(4)]))"""),
    ("comp_scope", """x = 'outer'
squares = [x for x in range(3)]
print(x, squares)
n = 10
print([n + i for i in range(3)])"""),
    ("comp_condition_chain", """words = ['Conv2d', 'ReLU', 'ConvTranspose2d', 'Linear']
print([w for w in words if w.startswith('Conv') if 'Transpose' not in w])
print([w.lower() for w in words if len(w) > 4])"""),
    ("comp_nested_dict", """shapes = {f'layer{i}': (2 ** i, 2 ** i) for i in range(1, 4)}
print(shapes)
print({name: h * w for name, (h, w) in shapes.items()})"""),
]

# --- strings and formatting ------------------------------------------------------------
CASES += [
    ("fstring_specs", """pi = 3.14159265
print(f'{pi:.2f}')
print(f'{pi:10.3f}|')
print(f'{pi:<10.1f}|')
print(f'{pi:e}')
print(f'{pi:.3e}')
print(f'{pi:g}')
print(f'{0.25:%}')
print(f'{0.256:.1%}')"""),
    ("fstring_ints", """n = 1234567
print(f'{n:,}')
print(f'{n:_}')
print(f'{42:08d}')
print(f'{42:+d} {-42:+d}')
print(f'{255:x} {255:X} {255:#x} {5:b} {8:o}')
print(f'{7:>5}|{7:<5}|{7:^5}|')
print(f'{7:*^9}')"""),
    ("fstring_strings", """name = 'conv'
print(f'{name!r}')
print(f'{name:>8}|')
print(f'{name:-<8}|')
print(f'{name:^8}|')
print(f'{name!s:>6}')
print(f'{name.upper()} {len(name)}')"""),
    ("fstring_expressions", """h, w = 32, 32
print(f'{h}x{w} -> {h * 2}x{w * 2}')
print(f'{[1, 2, 3]} {(1,)} {dict(a=1)}')
print(f'{"nested" + "!"}')
print(f'{{braces}} {h}')
items = ['a', 'b']
print(f'{", ".join(items)}')"""),
    ("fstring_self_documenting", """x = 5
name = 'up'
print(f'{x=}')
print(f'{x * 2 = }')
print(f'{name=}')
print(f'{x=:.2f}')"""),
    ("fstring_nested_spec", """width, precision = 10, 3
value = 2.718281828
print(f'{value:{width}.{precision}f}|')
print(f'{value:>{width}}|')"""),
    ("fstring_tensor", """import torch
x = torch.tensor([1.5, 2.0])
print(f'{x}')
print(f'shape {x.shape} dtype {x.dtype}')
print(f'{x.sum().item():.3f}')
print(f'{tuple(x.shape)}')
print(f'{x!r}')"""),
    ("fstring_tensor_format_spec", """import torch
t = torch.tensor(3.14159)
print(f'{t:.2f}')
print(f'{t.item():.2f}')"""),
    ("fstring_multiline_table", """rows = [('conv1', (1, 16, 32, 32)), ('up', (1, 8, 64, 64))]
for name, shape in rows:
    print(f'{name:<8}{str(shape):>20}')"""),
    ("percent_format", """print('%d items' % 3)
print('%s -> %s' % ('in', 'out'))
print('%5.2f|%-6d|%x' % (3.14159, 42, 255))
print('%r' % 'text')
print('%03d %+.1e' % (7, 12345.678))
print('%(name)s=%(value)d' % {'name': 'stride', 'value': 2})
print('100%% done, %s' % 'ok')"""),
    ("str_format", """print('{} + {} = {}'.format(1, 2, 3))
print('{0}{1}{0}'.format('ab', 'c'))
print('{name} has {n:.1f}'.format(name='layer', n=2.25))
print('{:>6}|{:<6}|{:^6}|'.format('a', 'b', 'c'))
print('{!r}'.format('q'))
print('{0[1]} {1[k]}'.format([5, 6], {'k': 'v'}))"""),
    ("str_methods", """s = '  Conv Transpose 2d  '
print(s.strip() + '|', s.lstrip() + '|', s.rstrip() + '|')
print(s.strip().lower(), s.strip().upper(), s.strip().title())
print(s.split())
print('a,b,,c'.split(','))
print('a-b-c'.split('-', 1), 'a-b-c'.rsplit('-', 1))
print('-'.join(['x', 'y', 'z']))
print('conv2d'.replace('2d', '3d'))
print('conv2d'.startswith('conv'), 'conv2d'.endswith('1d'))
print('conv2d'.find('2'), 'conv2d'.find('z'), 'conv2d'.index('v'))
print('aXbXc'.count('X'))"""),
    ("str_methods_more", """print('42'.isdigit(), 'ab'.isalpha(), 'a1'.isalnum(), '  '.isspace())
print('Hello'.swapcase(), 'hello world'.capitalize())
print('7'.zfill(3), 'ab'.center(6, '*'), 'ab'.ljust(4, '.'), 'ab'.rjust(4, '.'))
print('line1\\nline2'.splitlines())
print('x'.join('abc'))
print('prefix_name'.removeprefix('prefix_'), 'file.py'.removesuffix('.py'))
print('a b'.partition(' '))"""),
    ("str_indexing_slicing", """s = 'transposed'
print(s[0], s[-1], s[2:5], s[::-1], s[::2])
print(len(s), 'pose' in s, 'x' not in s)
print(s * 2, s + '!')
print(str(12) + str(3.5) + str(None) + str(True))"""),
    ("str_immutable", """s = 'conv'
s[0] = 'C'"""),
    ("str_repr_quotes", """print(repr('it\\'s'))
print(repr("say \\"hi\\""))
print(repr('tab\\there'))
print(['a', "b'c"])
print(str('x'), repr('x'))"""),
    ("str_comparison_ord", """print('a' < 'b', 'abc' < 'abd', 'Z' < 'a')
print(ord('A'), chr(66), ord('é'))
print(sorted(['conv', 'Conv', 'bn', 'ReLU']))
print(max(['b', 'a', 'c']), min('hello'))"""),
    ("print_sep_end", """print(1, 2, 3, sep='-')
print('a', 'b', sep='')
print('no newline', end='')
print(' continued')
print()
print(*[1, 2, 3])
print(*'abc', sep=', ')"""),
]

# --- expressions, assignment, containers ------------------------------------------------
CASES += [
    ("cond_expression", """for x in [-1, 0, 1]:
    print('neg' if x < 0 else 'zero' if x == 0 else 'pos')
y = 10 if False else 20
print(y)"""),
    ("starred_assignment", """a, *rest = (1, 2, 3, 4)
print(a, rest)
*init, last = [1, 2, 3]
print(init, last)
first, *middle, end = 'hello'
print(first, middle, end)
n, c, *spatial = (1, 3, 32, 32)
print(n, c, spatial)"""),
    ("starred_in_literals", """a = [1, 2]
b = (3, 4)
print([*a, *b, 5])
print((*a, 0))
print({**{'x': 1}, 'y': 2, **{'x': 3}})
print({*a, *b})"""),
    ("unpack_errors_too_many", """a, b = [1, 2, 3]"""),
    ("unpack_errors_not_enough", """a, b, c = (1, 2)"""),
    ("unpack_tensor_shape", """import torch
x = torch.zeros(2, 3, 4, 5)
n, c, h, w = x.shape
print(n, c, h, w)
batch, *rest = x.shape
print(batch, rest)
h, w = x.shape[-2:]
print(h * w)"""),
    ("swap_and_chained", """a, b = 1, 2
a, b = b, a
print(a, b)
x = y = z = 0
print(x, y, z)
print(1 < 2 < 3, 1 < 3 < 2, 0 <= 0 < 1)"""),
    ("augmented_assignment", """x = 10
x += 5
x -= 3
x *= 2
x //= 5
x **= 2
x %= 7
print(x)
s = 'a'
s += 'b'
s *= 3
print(s)
items = [1]
items += [2, 3]
print(items)"""),
    ("int_float_arithmetic", """print(7 / 2, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** 10, 2 ** -1)
print(0.1 + 0.2, 1e3, 1.0, 3 * 1.5, 10 / 5)
print(divmod(17, 5), abs(-3.5), round(2.5), round(3.5), round(2.675, 2))
print(int('42') + 1, float('1.5') * 2, int(3.9), int(-3.9))
print(10 ** 18, 2 ** 62 - 1 + 2 ** 62)
print(True + True, 3 * False)"""),
    ("zero_division", """try:
    print(1 / 0)
except ZeroDivisionError as e:
    print('caught:', e)
print(5 // 0)"""),
    ("list_methods", """layers = ['conv']
layers.append('relu')
layers.extend(['pool', 'fc'])
layers.insert(1, 'bn')
print(layers)
print(layers.pop(), layers.pop(0), layers)
layers.remove('bn')
print(layers, layers.index('pool'), layers.count('relu'))
layers.reverse()
print(layers)
nums = [3, 1, 2]
nums.sort()
print(nums)
nums.sort(key=lambda v: -v)
print(nums)
print(nums.copy(), len(nums))
nums.clear()
print(nums)"""),
    ("list_slicing", """x = list(range(10))
print(x[2:5], x[:3], x[7:], x[-3:], x[::3], x[::-1])
x[1:3] = ['a', 'b', 'c']
print(x)
del x[0]
del x[-2:]
print(x)"""),
    ("list_index_error", """x = [1, 2, 3]
print(x[3])"""),
    ("dict_methods", """d = {'a': 1}
d['b'] = 2
d.update({'c': 3}, d=4)
print(d)
print(d.get('a'), d.get('z'), d.get('z', 0))
print(list(d.keys()), list(d.values()))
print(list(d.items())[:2])
print(d.pop('a'), d)
print(d.setdefault('e', 5), d)
print('b' in d, 'a' in d, len(d))
del d['b']
print(d)"""),
    ("dict_key_error", """config = {'stride': 2}
try:
    config['padding']
except KeyError as e:
    print('missing', e)
print(config['kernel'])"""),
    ("tuple_ops", """t = (1, 2, 3)
print(t + (4,), t * 2, t[1:], len(t), t.index(2), t.count(3))
print(tuple([1, 2]), tuple('ab'), ())
print((1,) == (1,), (1, 2) < (1, 3))"""),
    ("tuple_immutable", """t = (1, 2)
t[0] = 5"""),
    ("set_ops", """a = {1, 2, 3}
b = {2, 3, 4}
print(a | b, a & b, a - b, a ^ b)
a.add(5)
a.discard(1)
print(a, 3 in a, len(a))
print(set([3, 3, 1]), set(), sorted({5, 1, 3}))
print(a.union([7]), a.intersection(b), a.issubset({1, 2, 3, 5}))
print(sorted({10, 2, 30, 4}))"""),
    ("none_and_truthiness", """for value in [0, 1, '', 'a', [], [0], {}, None, 0.0]:
    print(repr(value), bool(value))
x = None
print(x is None, x is not None, x == None)"""),
    ("bool_operators_return_values", """print(0 or 'default', 'set' or 'default', [] and 5, 3 and 5)
print(not [], not 1)"""),
    ("del_name", """x = 5
del x
print(x)"""),
    ("isinstance_checks", """import torch
print(isinstance(3, int), isinstance(3.0, int), isinstance(True, int))
print(isinstance('a', (int, str)), isinstance([1], list), isinstance((1,), tuple))
print(isinstance(torch.zeros(1), torch.Tensor))
print(type(3) is int, type('a').__name__, type([]).__name__, type(None).__name__)"""),
    ("getattr_hasattr", """import torch
x = torch.zeros(2, 3)
print(hasattr(x, 'shape'), hasattr(x, 'nope'))
print(getattr(x, 'ndim'), getattr(x, 'nope', 'default'))
print(getattr(x, 'sum')())"""),
    ("min_max_key", """words = ['conv', 'up', 'transpose']
print(min(words, key=len), max(words, key=len))
print(max([3, 1, 2]), min(3, 1, 2), max('abc'))
print(max([], default=0))
print(sorted(words, key=lambda w: w[-1]))
print(max({'a': 3, 'b': 5}, key=lambda k: {'a': 3, 'b': 5}[k]))"""),
    ("builtins_numeric", """print(sum([1, 2, 3]), sum([0.5, 0.25]), sum([[1], [2]], []))
print(abs(-4), pow(2, 5), pow(2, 5, 3), round(3.14159, 2))
print(len(range(0, 10, 3)), list(range(3)), list(map(str, [1, 2])))
print(list(filter(lambda v: v % 2, range(6))))
print(hex(255), bin(5), oct(8), int('ff', 16), int('101', 2))
print(any([]), all([]), chr(97))"""),
    ("builtins_iterators", """it = iter([1, 2, 3])
print(next(it), next(it))
print(list(it))
print(next(it, 'done'))
print(list(enumerate('ab')), dict(zip('ab', [1, 2])))
print(list(map(lambda a, b: a * b, [1, 2], [3, 4])))"""),
    ("builtins_stop_iteration", """it = iter([])
next(it)"""),
    ("math_module", """import math
print(math.pi, math.e)
print(math.sqrt(16), math.floor(2.7), math.ceil(2.1), math.floor(-2.5))
print(math.log(math.e), math.log2(8), math.log10(1000), math.exp(0))
print(math.gcd(12, 18), math.prod([2, 3, 4]), math.factorial(6))
print(math.isclose(0.1 + 0.2, 0.3), math.inf > 10 ** 18, math.isnan(float('nan')))
print(math.cos(0), math.sin(0), math.hypot(3, 4))"""),
    ("math_domain_error", """import math
print(math.sqrt(-1))"""),
    ("time_module", """import time
start = time.perf_counter()
time.sleep(0.01)
elapsed = time.perf_counter() - start
print(elapsed >= 0.01, elapsed < 5)
print(type(time.time()).__name__, time.time() > 1.6e9)
t0 = time.time()
print(time.time() - t0 < 5)"""),
    ("type_errors", """print('a' + 1)"""),
    ("type_error_caught", """try:
    [1, 2] + (3,)
except TypeError as e:
    print(e)
try:
    len(5)
except TypeError as e:
    print(e)
try:
    None + 1
except TypeError as e:
    print(e)"""),
    ("name_error", """print(undefined_name)"""),
    ("attribute_error", """x = [1, 2]
x.push(3)"""),
    ("int_conversion_error", """int('3.5')"""),
    ("membership", """values = [1, 5, 12, 3]
n = len(values)
if n > 3:
    print('long list', n)
print(3 in values, 4 in values, 'a' in 'cat')"""),
    ("pass_and_ellipsis", """def todo():
    pass

class Empty:
    pass

print(todo(), Empty.__name__, ...)"""),
    ("global_scope_shadowing", """x = 'global'

def show():
    x = 'local'
    print(x)

show()
print(x)"""),
    ("nonlocal_nested", """def outer():
    count = 0
    def inner():
        nonlocal count
        count += 10
    inner()
    inner()
    return count

print(outer())"""),
]

# --- plain classes ---------------------------------------------------------------------
CASES += [
    ("class_basic", """class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x ** 2 + self.y ** 2

p = Point(3, 4)
print(p.x, p.y, p.norm2())
p.x = 6
print(p.norm2())
print(type(p).__name__, isinstance(p, Point))"""),
    ("class_repr_str", """class Shape:
    def __init__(self, *dims):
        self.dims = dims

    def __repr__(self):
        return f'Shape{self.dims}'

    def __str__(self):
        return 'x'.join(str(d) for d in self.dims)

s = Shape(3, 32, 32)
print(s)
print(repr(s))
print([s])
print(f'{s} {s!r}')"""),
    ("class_attributes", """class Counter:
    instances = 0

    def __init__(self):
        Counter.instances += 1
        self.count = 0

a = Counter()
b = Counter()
print(Counter.instances, a.instances, a.count)"""),
    ("class_inheritance", """class Layer:
    def __init__(self, name):
        self.name = name

    def describe(self):
        return f'{self.name}: {self.kind()}'

    def kind(self):
        return 'layer'

class Conv(Layer):
    def __init__(self, name, kernel):
        super().__init__(name)
        self.kernel = kernel

    def kind(self):
        return f'conv {self.kernel}x{self.kernel}'

print(Conv('c1', 3).describe())
print(Layer('base').describe())
print(isinstance(Conv('c', 1), Layer), issubclass(Conv, Layer))"""),
    ("class_len_getitem", """class Dataset:
    def __init__(self, n):
        self.items = [i * i for i in range(n)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]

data = Dataset(5)
print(len(data), data[2], data[-1])"""),
    ("class_call", """class Scale:
    def __init__(self, factor):
        self.factor = factor

    def __call__(self, x):
        return x * self.factor

double = Scale(2)
print(double(21), callable(double))"""),
    ("class_missing_attribute", """class Config:
    def __init__(self):
        self.stride = 2

c = Config()
print(c.stride)
print(c.padding)"""),
    ("class_method_without_self", """class Broken:
    def method():
        return 1

Broken().method()"""),
    ("class_staticmethod_property", """class Sizes:
    def __init__(self, h, w):
        self.h, self.w = h, w

    @property
    def area(self):
        return self.h * self.w

    @staticmethod
    def square(n):
        return Sizes(n, n)

print(Sizes(3, 4).area, Sizes.square(5).area)"""),
    ("class_eq", """class Size:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return isinstance(other, Size) and self.n == other.n

print(Size(3) == Size(3), Size(3) == Size(4), Size(3) != Size(4))"""),
]

# --- nn.Module subclasses --------------------------------------------------------------
CASES += [
    ("module_net_repr", """import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, kernel_size=3, padding=1)
        self.relu = nn.ReLU()
        self.up = nn.ConvTranspose2d(8, 1, kernel_size=4, stride=2, padding=1)

    def forward(self, x):
        return self.up(self.relu(self.conv(x)))

net = Net()
print(net)"""),
    ("module_net_forward_shape", """import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, kernel_size=3, padding=1)
        self.up = nn.ConvTranspose2d(8, 1, kernel_size=4, stride=2, padding=1)

    def forward(self, x):
        return self.up(torch.relu(self.conv(x)))

net = Net()
y = net(torch.zeros(2, 1, 16, 16))
print(y.shape)
print(tuple(y.shape))"""),
    ("module_parameter_count", """import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        return self.fc(self.conv(x).mean(dim=(2, 3)))

net = Net()
print(sum(p.numel() for p in net.parameters()))
print(sum(p.numel() for p in net.parameters() if p.requires_grad))
print(len(list(net.parameters())))"""),
    ("module_named_parameters", """import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.up = nn.ConvTranspose2d(4, 2, 2, stride=2, bias=False)

    def forward(self, x):
        return self.up(self.conv(x))

for name, p in Net().named_parameters():
    print(name, tuple(p.shape), p.requires_grad)"""),
    ("module_state_dict_keys", """import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.bn = nn.BatchNorm2d(4)

    def forward(self, x):
        return self.bn(self.conv(x))

sd = Net().state_dict()
print(list(sd.keys()))
print(sd['bn.running_var'])
print(sd['bn.num_batches_tracked'])"""),
    ("module_children_modules", """import torch
from torch import nn

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 1, 3)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.conv(x))

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block()
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.block(x))

net = Net()
print([type(m).__name__ for m in net.children()])
print([type(m).__name__ for m in net.modules()])
print([name for name, _ in net.named_children()])
print(net)"""),
    ("module_seeded_init_values", """import torch
from torch import nn
torch.manual_seed(0)

class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc(x)

net = Tiny()
print(net.fc.weight)
print(net.fc.bias)
with torch.no_grad():
    print(net(torch.ones(1, 3)))"""),
    ("module_forward_with_print", """import torch
from torch import nn

class Debug(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3, stride=2, padding=1)
        self.up = nn.ConvTranspose2d(6, 3, 3, stride=2, padding=1, output_padding=1)

    def forward(self, x):
        print('in', x.shape)
        x = self.conv(x)
        print('conv', x.shape)
        x = self.up(x)
        print('up', x.shape)
        return x

out = Debug()(torch.zeros(1, 3, 8, 8))
print(out.shape == torch.Size([1, 3, 8, 8]))"""),
    ("module_train_eval", """import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm2d(2)

    def forward(self, x):
        return self.bn(x)

net = Net()
print(net.training, net.bn.training)
net.eval()
print(net.training, net.bn.training)
print(net.train() is net, net.bn.training)"""),
    ("module_constructor_args", """import torch
from torch import nn

class UpBlock(nn.Module):
    def __init__(self, in_channels, out_channels, scale=2):
        super().__init__()
        self.up = nn.ConvTranspose2d(in_channels, out_channels, kernel_size=2 * scale, stride=scale, padding=scale // 2)
        self.act = nn.LeakyReLU(0.2)

    def forward(self, x):
        return self.act(self.up(x))

block = UpBlock(16, 8)
print(block)
print(block(torch.zeros(1, 16, 5, 5)).shape)
print(UpBlock(4, 2, scale=4)(torch.zeros(1, 4, 3, 3)).shape)"""),
    ("module_sequential_attribute", """import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(4 * 4 * 4, 10))

    def forward(self, x):
        return self.classifier(self.features(x))

net = Net()
print(net)
print(net(torch.zeros(3, 1, 8, 8)).shape)
print(sum(p.numel() for p in net.parameters()))"""),
    ("module_parameter_attribute", """import torch
from torch import nn

class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        self.gain = nn.Parameter(torch.ones(2))

    def forward(self, x):
        return x * self.gain

m = Scale()
print([name for name, _ in m.named_parameters()])
print(m.gain)
print(m)"""),
    ("module_forward_wrong_channels", """import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)

    def forward(self, x):
        return self.conv(x)

net = Net()
try:
    net(torch.zeros(1, 1, 8, 8))
except RuntimeError as e:
    print('RuntimeError:', e)"""),
    ("module_missing_forward", """import torch
from torch import nn

class NoForward(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 1, 1)

m = NoForward()
print(m)
m(torch.zeros(1, 1, 2, 2))"""),
    ("module_forgot_super_init", """import torch
from torch import nn

class Bad(nn.Module):
    def __init__(self):
        self.conv = nn.Conv2d(1, 1, 1)

Bad()"""),
    ("module_zero_grad_free_inference", """import torch
from torch import nn
torch.manual_seed(1)
net = nn.Sequential(nn.Conv2d(1, 2, 2), nn.ReLU())
x = torch.rand(1, 1, 3, 3)
y = net(x)
print(y.requires_grad, y.grad_fn is not None)
with torch.no_grad():
    z = net(x)
print(z.requires_grad, z.grad_fn)
print(torch.equal(y.detach(), z))
print(z)"""),
]

# --- exceptions ------------------------------------------------------------------------
CASES += [
    ("exc_try_except_else_finally", """def divide(a, b):
    try:
        result = a / b
    except ZeroDivisionError:
        print('cannot divide by zero')
        return None
    else:
        print('ok')
        return result
    finally:
        print('finally runs')

print(divide(6, 3))
print(divide(1, 0))"""),
    ("exc_raise_custom_message", """def check_stride(stride):
    if stride < 1:
        raise ValueError(f'stride must be positive, got {stride}')
    return stride

print(check_stride(2))
try:
    check_stride(0)
except ValueError as e:
    print('ValueError:', e)
check_stride(-1)"""),
    ("exc_multiple_handlers", """def risky(kind):
    if kind == 'index':
        return [1][5]
    if kind == 'key':
        return {}['k']
    if kind == 'type':
        return 1 + 'a'
    return 'fine'

for kind in ['index', 'key', 'type', 'none']:
    try:
        print(risky(kind))
    except (IndexError, KeyError) as e:
        print('lookup', type(e).__name__, e)
    except TypeError as e:
        print('type', e)"""),
    ("exc_base_exception_order", """try:
    raise KeyError('missing')
except LookupError as e:
    print('LookupError caught', repr(e))
try:
    raise ValueError('v')
except Exception as e:
    print(type(e).__name__, e.args)"""),
    ("exc_reraise", """try:
    try:
        raise RuntimeError('inner')
    except RuntimeError:
        print('handling')
        raise
except RuntimeError as e:
    print('outer got', e)"""),
    ("exc_raise_from", """try:
    try:
        int('x')
    except ValueError as e:
        raise RuntimeError('conversion failed') from e
except RuntimeError as e:
    print(e)
    print(type(e.__cause__).__name__, e.__cause__)"""),
    ("exc_assert", """x = 3
assert x > 0
assert x > 0, 'never shown'
try:
    assert x < 0, f'x is {x}'
except AssertionError as e:
    print('AssertionError:', e)
assert x == 4"""),
    ("exc_uncaught_from_function", """def inner(values):
    return values[10]

def outer():
    return inner([1, 2, 3])

print('start')
outer()"""),
    ("exc_custom_class", """class ShapeError(Exception):
    pass

class ChannelError(ShapeError):
    'A wrong number of channels.'

try:
    raise ChannelError(f'expected {3} channels, got {1}')
except ShapeError as e:
    print(type(e).__name__, e, e.args, isinstance(e, Exception))
raise ShapeError('bad shape')"""),
    ("exc_finally_with_break", """for i in range(3):
    try:
        if i == 1:
            break
        print('body', i)
    finally:
        print('finally', i)
print('after')"""),
    ("exc_torch_matmul_shape", """import torch
a = torch.ones(2, 3)
b = torch.ones(2, 3)
try:
    a @ b
except RuntimeError as e:
    print(e)
print((a @ b.T).shape)"""),
    ("exc_torch_conv_channels", """import torch
import torch.nn.functional as F
x = torch.zeros(1, 3, 8, 8)
w = torch.zeros(4, 2, 3, 3)
try:
    F.conv2d(x, w)
except RuntimeError as e:
    print(e)"""),
    ("exc_torch_linear_shape", """import torch
from torch import nn
fc = nn.Linear(20, 5)
try:
    fc(torch.zeros(1, 10))
except RuntimeError as e:
    print('RuntimeError:', e)"""),
    ("exc_torch_view_error", """import torch
x = torch.arange(6)
try:
    x.view(4, 2)
except RuntimeError as e:
    print(e)
print(x.view(3, 2).shape)"""),
    ("exc_torch_broadcast_error", """import torch
try:
    torch.ones(2, 3) + torch.ones(4)
except RuntimeError as e:
    print(e)"""),
    ("exc_torch_tconv_output_padding", """import torch
from torch import nn
up = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, output_padding=2)
try:
    up(torch.zeros(1, 1, 3, 3))
except RuntimeError as e:
    print('RuntimeError:', e)
except ValueError as e:
    print('ValueError:', e)"""),
    ("exc_torch_index_error", """import torch
x = torch.zeros(2, 3)
try:
    x[5]
except IndexError as e:
    print(e)
x[0, 7]"""),
    ("exc_torch_too_small_input", """import torch
import torch.nn.functional as F
try:
    F.conv2d(torch.zeros(1, 1, 2, 2), torch.zeros(1, 1, 3, 3))
except RuntimeError as e:
    print(e)"""),
    ("exc_message_args", """try:
    raise ValueError('a', 2)
except ValueError as e:
    print(e)
    print(e.args)
print(str(RuntimeError('x')), repr(RuntimeError('x')))
print(str(KeyError('k')), repr(KeyError('k')))"""),
    ("exc_loop_collects_failures", """import torch
import torch.nn.functional as F
x = torch.zeros(1, 1, 4, 4)
for k in [2, 3, 5, 7]:
    try:
        y = F.conv2d(x, torch.ones(1, 1, k, k))
        print(k, tuple(y.shape))
    except RuntimeError as e:
        print(k, 'fails:', str(e)[:60])"""),
]

# --- with / no_grad --------------------------------------------------------------------
CASES += [
    ("with_no_grad", """import torch
print(torch.is_grad_enabled())
with torch.no_grad():
    print(torch.is_grad_enabled())
print(torch.is_grad_enabled())"""),
    ("with_no_grad_module_output", """import torch
from torch import nn
torch.manual_seed(0)
up = nn.ConvTranspose2d(1, 1, 2, stride=2)
x = torch.ones(1, 1, 2, 2)
with torch.no_grad():
    y = up(x)
print(y.requires_grad)
print(y)"""),
    ("with_enable_grad_inside", """import torch
with torch.no_grad():
    with torch.enable_grad():
        print(torch.is_grad_enabled())
    print(torch.is_grad_enabled())"""),
    ("with_inference_mode", """import torch
from torch import nn
net = nn.Linear(2, 2)
with torch.inference_mode():
    y = net(torch.ones(1, 2))
    print(torch.is_inference_mode_enabled())
print(y.requires_grad, torch.is_inference_mode_enabled())"""),
    ("with_restores_on_exception", """import torch
try:
    with torch.no_grad():
        raise ValueError('inside')
except ValueError as e:
    print(e)
print(torch.is_grad_enabled())"""),
    ("with_no_grad_weight_edit", """import torch
from torch import nn
conv = nn.Conv2d(1, 1, 2, bias=False)
with torch.no_grad():
    conv.weight.fill_(1.0)
    conv.weight[0, 0, 0, 0] = 5.0
print(conv.weight)
print(conv(torch.ones(1, 1, 2, 2)))"""),
    ("with_as_target", """import torch
with torch.no_grad() as ctx:
    print(type(ctx).__name__)"""),
]

# --- the nn modules --------------------------------------------------------------------
CASES += [
    ("nn_sequential_repr_and_index", """import torch
from torch import nn
net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Conv2d(4, 2, 1))
print(net)
print(len(net))
print(net[0])
print(net[-1])
print(net[:2])
print(type(net[1]).__name__)"""),
    ("nn_sequential_ordereddict", """import torch
from torch import nn
from collections import OrderedDict
net = nn.Sequential(OrderedDict([
    ('conv', nn.Conv2d(1, 2, 3)),
    ('act', nn.LeakyReLU(0.1)),
    ('up', nn.ConvTranspose2d(2, 1, 2, stride=2)),
]))
print(net)
print(net.conv)
print(list(net.state_dict().keys()))
print(net(torch.zeros(1, 1, 6, 6)).shape)"""),
    ("nn_sequential_append", """import torch
from torch import nn
net = nn.Sequential()
net.append(nn.Linear(4, 3))
net.append(nn.Tanh())
net.add_module('out', nn.Linear(3, 1))
print(net)
print(net(torch.zeros(2, 4)).shape)"""),
    ("nn_activations", """import torch
from torch import nn
x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0])
print(nn.ReLU()(x))
print(nn.LeakyReLU()(x))
print(nn.LeakyReLU(0.2)(x))
print(nn.Tanh()(x))
print(nn.Sigmoid()(x))
print(nn.ReLU(), nn.LeakyReLU(0.2), nn.Tanh(), nn.Sigmoid(), nn.ReLU(inplace=True))"""),
    ("nn_relu_inplace", """import torch
from torch import nn
x = torch.tensor([-1.0, 2.0])
y = nn.ReLU(inplace=True)(x)
print(x, y)
print(torch.relu(torch.tensor([-3, 3])))"""),
    ("nn_batchnorm2d_train", """import torch
from torch import nn
torch.manual_seed(0)
bn = nn.BatchNorm2d(3)
print(bn)
x = torch.rand(4, 3, 2, 2) * 5
y = bn(x)
print(y.mean(dim=(0, 2, 3)).abs().max() < 1e-5)
print(bn.running_mean)
print(bn.running_var)
print(bn.num_batches_tracked)"""),
    ("nn_batchnorm2d_eval", """import torch
from torch import nn
bn = nn.BatchNorm2d(2)
bn.eval()
x = torch.arange(8.).reshape(1, 2, 2, 2)
with torch.no_grad():
    print(bn(x))
    bn.running_mean.fill_(1.0)
    bn.running_var.fill_(4.0)
    print(bn(x))"""),
    ("nn_batchnorm_variants", """import torch
from torch import nn
print(nn.BatchNorm1d(4), nn.BatchNorm3d(2, momentum=0.01, affine=False))
print(nn.BatchNorm1d(4)(torch.arange(8.).reshape(2, 4)).detach())
print(nn.BatchNorm3d(1)(torch.zeros(2, 1, 1, 2, 2)).shape)"""),
    ("nn_batchnorm_errors", """import torch
from torch import nn
bn = nn.BatchNorm2d(3)
try:
    bn(torch.zeros(2, 4, 2, 2))
except RuntimeError as e:
    print(e)
try:
    bn(torch.zeros(3, 2, 2))
except ValueError as e:
    print(e)"""),
    ("nn_upsample_nearest", """import torch
from torch import nn
x = torch.arange(4.).reshape(1, 1, 2, 2)
up = nn.Upsample(scale_factor=2, mode='nearest')
print(up)
print(up(x))
print(nn.Upsample(size=(3, 5))(x))"""),
    ("nn_upsample_bilinear", """import torch
from torch import nn
x = torch.arange(4.).reshape(1, 1, 2, 2)
print(nn.Upsample(scale_factor=2, mode='bilinear')(x))
print(nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)(x))
print(nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True))"""),
    ("nn_interpolate", """import torch
import torch.nn.functional as F
x = torch.tensor([[[[1., 2.], [3., 4.]]]])
print(F.interpolate(x, scale_factor=2))
print(F.interpolate(x, size=(3, 3), mode='bilinear', align_corners=False))
print(F.interpolate(x, size=3, mode='nearest').shape)"""),
    ("nn_pixel_shuffle", """import torch
from torch import nn
x = torch.arange(16.).reshape(1, 4, 2, 2)
ps = nn.PixelShuffle(2)
print(ps)
y = ps(x)
print(y.shape)
print(y)
un = nn.PixelUnshuffle(2)
print(un)
print(torch.equal(un(y), x))"""),
    ("nn_pixel_shuffle_error", """import torch
from torch import nn
nn.PixelShuffle(2)(torch.zeros(1, 3, 2, 2))"""),
    ("nn_pooling", """import torch
from torch import nn
x = torch.arange(16.).reshape(1, 1, 4, 4)
print(nn.MaxPool2d(2)(x))
print(nn.MaxPool2d(3, stride=1)(x))
print(nn.AvgPool2d(2)(x))
print(nn.MaxPool2d(2, stride=2, padding=1)(x))
print(nn.MaxPool2d(2), nn.AvgPool2d(3, stride=2, padding=1))"""),
    ("nn_pooling_functional", """import torch
import torch.nn.functional as F
x = torch.tensor([[[[1., 5., 2., 0.], [3., 4., 8., 1.], [0., 0., 1., 1.], [9., 2., 2., 2.]]]])
print(F.max_pool2d(x, 2))
print(F.avg_pool2d(x, 2))
print(F.max_pool2d(x, kernel_size=3, stride=1).shape)"""),
    ("nn_linear", """import torch
from torch import nn
torch.manual_seed(0)
fc = nn.Linear(4, 3)
print(fc)
print(fc.weight.shape, fc.bias.shape)
print(fc(torch.ones(2, 4)).shape)
print(nn.Linear(4, 3, bias=False))
print(nn.Linear(4, 3, bias=False).bias)"""),
    ("nn_linear_seeded_values", """import torch
from torch import nn
torch.manual_seed(42)
fc = nn.Linear(3, 2)
print(fc.weight)
print(fc.bias)
with torch.no_grad():
    print(fc(torch.tensor([[1.0, 2.0, 3.0]])))"""),
    ("nn_flatten_identity", """import torch
from torch import nn
x = torch.zeros(2, 3, 4, 5)
print(nn.Flatten()(x).shape)
print(nn.Flatten(0, 2)(x).shape)
print(nn.Flatten(start_dim=2)(x).shape)
print(nn.Flatten(), nn.Identity())
print(nn.Identity()(x) is x)
print(torch.flatten(x, 1).shape)"""),
    ("nn_init_constant", """import torch
from torch import nn
conv = nn.Conv2d(1, 2, 2)
nn.init.zeros_(conv.bias)
nn.init.ones_(conv.weight)
print(conv.weight)
print(conv.bias)
nn.init.constant_(conv.weight, 0.5)
print(conv(torch.ones(1, 1, 2, 2)).detach())"""),
    ("nn_init_random", """import torch
from torch import nn
torch.manual_seed(0)
w = torch.empty(2, 3)
nn.init.normal_(w, mean=0.0, std=0.02)
print(w)
nn.init.uniform_(w, -1, 1)
print(w)
nn.init.xavier_uniform_(w)
print(w)
nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')
print(w)"""),
    ("nn_init_dcgan_weights", """import torch
from torch import nn
torch.manual_seed(0)

def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)

net = nn.Sequential(nn.ConvTranspose2d(2, 1, 2, bias=False), nn.BatchNorm2d(1))
net.apply(weights_init)
print(net[0].weight)
print(net[1].weight, net[1].bias)"""),
    ("nn_unfold_fold", """import torch
import torch.nn.functional as F
x = torch.arange(16.).reshape(1, 1, 4, 4)
cols = F.unfold(x, kernel_size=2)
print(cols.shape)
print(cols[0, :, :3])
back = F.fold(cols, output_size=(4, 4), kernel_size=2)
print(back)
print(F.unfold(x, kernel_size=3, padding=1, stride=2).shape)"""),
    ("nn_unfold_conv_equivalence", """import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.rand(1, 2, 5, 5)
w = torch.rand(3, 2, 3, 3)
cols = F.unfold(x, 3)
y = (w.view(3, -1) @ cols).view(1, 3, 3, 3)
print(torch.allclose(y, F.conv2d(x, w), atol=1e-6))"""),
    ("nn_conv_transpose_module_values", """import torch
from torch import nn
up = nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2, bias=False)
with torch.no_grad():
    up.weight.copy_(torch.tensor([[[[1., 2.], [3., 4.]]]]))
    print(up(torch.tensor([[[[1., 10.]]]])))"""),
    ("nn_output_grad_fn", """import torch
from torch import nn
torch.manual_seed(0)
x = torch.ones(1, 1, 2, 2)
print(nn.ConvTranspose2d(1, 1, 2, bias=False)(x))
print(nn.Conv2d(1, 1, 2)(x))
print(nn.Linear(2, 1)(torch.ones(2)))
print(nn.ReLU()(nn.Linear(2, 2)(torch.ones(1, 2))))
print(type(nn.Linear(2, 1)(torch.ones(2)).grad_fn).__name__)"""),
    ("nn_module_repr_variants", """from torch import nn
print(nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False))
print(nn.ConvTranspose2d(64, 32, 4, 2, 1, bias=False))
print(nn.ConvTranspose2d(8, 8, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=1))
print(nn.Conv1d(1, 1, 5, padding='same'))
print(nn.ConvTranspose1d(2, 1, 3))"""),
    ("nn_functional_activations", """import torch
import torch.nn.functional as F
x = torch.tensor([-1.0, 0.0, 1.0])
print(F.relu(x), F.leaky_relu(x, 0.2), torch.tanh(x), torch.sigmoid(x))
print(F.relu(x, inplace=False))"""),
]

# --- shape walks -------------------------------------------------------------------------
CASES += [
    ("walk_sequential", """import torch
from torch import nn
net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
    nn.Linear(120, 84), nn.Sigmoid(),
    nn.Linear(84, 10))
X = torch.rand(size=(1, 1, 28, 28), dtype=torch.float32)
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape: \\t', X.shape)"""),
    ("walk_sequential_tuple_shapes", """import torch
from torch import nn
net = nn.Sequential(
    nn.ConvTranspose2d(100, 64, 4, 1, 0, bias=False), nn.BatchNorm2d(64), nn.ReLU(True),
    nn.ConvTranspose2d(64, 32, 4, 2, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU(True),
    nn.ConvTranspose2d(32, 3, 4, 2, 1, bias=False), nn.Tanh())
x = torch.zeros(2, 100, 1, 1)
for layer in net:
    x = layer(x)
    print(type(layer).__name__, tuple(x.shape))"""),
    ("walk_named_children", """import torch
from torch import nn

class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.up1 = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.act1 = nn.ReLU()
        self.up2 = nn.ConvTranspose2d(16, 8, 2, stride=2)
        self.out = nn.Conv2d(8, 1, 1)

    def forward(self, x):
        for layer in self.children():
            x = layer(x)
        return x

dec = Decoder()
x = torch.zeros(1, 32, 4, 4)
for name, layer in dec.named_children():
    x = layer(x)
    print(f'{name:<5} {type(layer).__name__:<16} {tuple(x.shape)}')
print(dec(torch.zeros(1, 32, 4, 4)).shape)"""),
    ("walk_output_size_table", """def out_size(n, k, s=1, p=0, op=0, d=1):
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1

n = 4
for k, s, p in [(4, 2, 1), (4, 2, 1), (4, 2, 1), (3, 1, 1)]:
    new = out_size(n, k, s, p)
    print(f'{n:>3} -> {new:<3} (k={k}, s={s}, p={p})')
    n = new"""),
    ("walk_encoder_decoder_skip", """import torch
from torch import nn

class TinyUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.down = nn.Conv2d(1, 8, 3, stride=2, padding=1)
        self.mid = nn.Conv2d(8, 8, 3, padding=1)
        self.up = nn.ConvTranspose2d(8, 8, 2, stride=2)
        self.out = nn.Conv2d(9, 1, 1)

    def forward(self, x):
        d = torch.relu(self.down(x))
        m = torch.relu(self.mid(d))
        u = self.up(m)
        print('skip', tuple(x.shape), 'up', tuple(u.shape))
        return self.out(torch.cat([x, u], dim=1))

print(TinyUNet()(torch.zeros(1, 1, 16, 16)).shape)"""),
    ("walk_shapes_mismatch_found", """import torch
from torch import nn
net = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Flatten(), nn.Linear(8 * 30 * 30, 10))
for size in [32, 28]:
    x = torch.zeros(1, 3, size, size)
    try:
        print(size, tuple(net(x).shape))
    except RuntimeError as e:
        print(size, 'RuntimeError:', e)"""),
]

# --- annotations: evaluated after the assignment in a module or class body, not in a function
CASES += [
    ("annotations_where_evaluated", """import torch

kernel: int = 3
stride: float
print(kernel)

def out_size(n: int) -> int:
    padding: NotDefinedInFunctions = 1
    return (n + 2 * padding - kernel) // 2 + 1

print(out_size(8))

class Layer:
    channels: int = 16
    weight: torch.Tensor

print(Layer.channels)

try:
    scale: undefined_scale = 2
except NameError as e:
    print(e, scale)

def local_annotated():
    later: int
    return later

try:
    local_annotated()
except UnboundLocalError as e:
    print(e)
"""),
    ("annotations_of_a_def", """import torch

def conv_out(size: int, kernel: int, *extra: int, stride: int = 1, **options: dict) -> int:
    return (size - kernel) // stride + 1

print(conv_out(8, 3, stride=2))

def order(x: print('annotation x') = print('default x'), *, y: print('annotation y') = print('default y')) -> print('return'):
    pass

def forward(x: torch.Tensor) -> torch.Tensor:
    return x * 2

print(forward(torch.ones(2)))

def shape_of(x: ImageBatch) -> tuple:
    return tuple(x.shape)
"""),
    ("annotations_error_ends_program", """size: int = 4
print(size)
shape: Shape = (1, 3)
print('not reached')
"""),
]


# --- convolutions ConvLab computes on its direct route (float32 2-D and 3-D, oneDNN's shapes)
CASES += [
    ("conv_direct_route_shapes", """import torch
import torch.nn.functional as F

torch.manual_seed(0)
cases = [((2, 3, 40, 40), (64, 3, 7, 7), 2, 3, 1, 1),
         ((2, 32, 20, 20), (64, 32, 3, 3), 2, 1, 1, 1),
         ((1, 16, 12, 12, 12), (32, 16, 3, 3, 3), 1, 1, 1, 1),
         ((2, 64, 20, 20), (64, 32, 3, 3), 2, 1, 1, 2),
         ((2, 32, 24, 24), (64, 32, 4, 4), 2, 1, 2, 1)]
for xs, ws, s, p, d, g in cases:
    x = torch.randn(*xs)
    w = torch.randn(*ws)
    b = torch.randn(ws[0])
    conv = F.conv3d if len(xs) == 5 else F.conv2d
    y = conv(x, w, b, stride=s, padding=p, dilation=d, groups=g)
    print(y.shape, y[0, :2].flatten()[:6])
    print(round(y.sum().item(), 1), round(y.abs().max().item(), 3))
    x.requires_grad_(True)
    y = conv(x, w, b, stride=s, padding=p, dilation=d, groups=g)
    y.sum().backward()
    print(x.grad[0, 0, 0, :4] if len(xs) == 4 else x.grad[0, 0, 0, 0, :4])
"""),
]


def reset_state():
    """What one program may have changed in the process, undone before the next."""
    torch.set_printoptions(profile="default")
    torch.set_grad_enabled(True)


def main():
    metadata = {"torch": torch.__version__, "python": platform.python_version()}
    def run(source):
        reset_state()
        stdout, error, _, _, _ = run_program(source, "<case>")
        return stdout, error

    cases = write_fixture(CASES, OUTPUT, metadata, run)
    for case in cases:
        if ADDRESS.search(case["stdout"] + (case["error"] or "")):
            sys.exit(f"{case['id']} prints an address; change the program")
    errors = sum(1 for c in cases if c["error"])
    print(f"{len(cases)} cases ({errors} ending in an error) from Python {metadata['python']}, "
          f"PyTorch {torch.__version__} -> {OUTPUT}")


if __name__ == "__main__":
    main()
