#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/builtins/builtins.json from CPython 3.11.

Each case is a short program using Python's builtins, iterators, sets, str/list/dict
methods, %-formatting, str.format and the math and time modules, as tutorials use
them. It runs here in a fresh namespace; what it prints is recorded, and the first
exception, as "TypeName: message", stops it. The Swift test BuiltinFixtureTests runs
every case in a fresh ConvLang session and expects the same, with object addresses
(`0x7f...`) masked on both sides. Sets of strings iterate in an order CPython
randomizes per process, so cases print them sorted.

Run with the Python the expected outputs must come from:

    /work/main/.venv/bin/python scripts/generate_builtin_fixtures.py
"""

import pathlib
import sys

import torch

from program_fixtures import run_program, write_fixture

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/builtins/builtins.json"

CASES = [
    # Python's max/min iterate a tensor and compare its rows, as under PyTorch.
    ("builtin_max_of_tensors", """import torch
t = torch.tensor([1., 5., 3.])
print(max(t), min(t))
print(max(torch.tensor(2.), 0), max(torch.tensor(-1.), 0))
print(max(torch.tensor([[1., 2.]])))
print(max(torch.tensor([[1., 2.], [3., 4.]])))"""),
    # Iterators and generator expressions
    ("iter_genexpr_sum", """import torch
params = [torch.zeros(2, 3), torch.zeros(4), torch.zeros(5, 1)]
print(sum(p.numel() for p in params))
print(any(p.dim() == 1 for p in params), all(p.numel() > 4 for p in params))"""),
    ("iter_genexpr_lazy", """g = (x * x for x in range(5) if x % 2 == 0)
print(next(g))
print(list(g))
print(list(g))
print(sum(g))"""),
    ("iter_genexpr_repr", """g = (x for x in [1])
print(g)
def f():
    return (y for y in 'ab')
print(f())"""),
    ("iter_genexpr_nested", """print(list((i, j) for i in range(3) for j in range(i) if (i + j) % 2))
print(max(len(w) for w in ['a', 'abc', 'ab']))
print(tuple(c.upper() for c in 'conv'))"""),
    ("iter_genexpr_late_error", """g = (1 / x for x in [1, 0, 2])
print(next(g))
print(next(g))"""),
    ("iter_genexpr_first_iterable_now", """g = (x for x in 5)"""),
    ("iter_next_default", """it = iter([1, 2])
print(next(it), next(it), next(it, 'done'), next(it, None))
print(next(iter('ab')))"""),
    ("iter_stop_iteration", """it = iter([])
next(it)"""),
    ("iter_next_not_iterator", """next([1, 2])"""),
    ("iter_not_iterable", """iter(5)"""),
    ("iter_reprs", """print(iter([1]))
print(iter((1,)))
print(iter(range(3)))
print(iter('ab'))
print(iter({1: 2}))
print(iter({1}))
print(reversed([1]))
print(reversed(range(2)))
print(reversed((1, 2)))
print(zip([1], [2]))
print(enumerate([1]))
print(map(abs, [1]))
print(filter(None, [1]))"""),
    ("iter_exhaustion", """z = zip([1, 2], 'ab')
print(list(z))
print(list(z))
e = enumerate('xy')
for pair in e:
    print(pair)
print(list(e))"""),
    ("iter_for_over_iterator", """it = iter(range(5))
for x in it:
    if x == 2:
        break
print(list(it))
for i, (a, b) in enumerate(zip([1, 2], [3, 4]), start=1):
    print(i, a + b)"""),
    ("iter_unpack_any_iterable", """a, b = iter([1, 2])
c, *d = (x for x in range(4))
e, f = 'xy'
g, h = {3: 0, 4: 0}
print(a, b, c, d, e, f, g, h)
print(*map(str, [1, 2]), sep='-')"""),
    ("iter_unpack_too_many", """a, b = (x for x in range(3))"""),
    ("zip_basic", """print(list(zip([1, 2, 3], 'ab')))
print(list(zip()))
print(dict(zip('abc', range(3))))
print(list(zip(*[(1, 'a'), (2, 'b')])))"""),
    ("zip_strict_shorter", """print(list(zip([1, 2], [3], strict=True)))"""),
    ("zip_strict_longer", """print(list(zip([1], [3, 4], strict=True)))"""),
    ("zip_strict_third", """print(list(zip([1, 2], [3, 4], [5], strict=True)))"""),
    ("zip_strict_ok", """print(list(zip([1, 2], 'ab', strict=True)))"""),
    ("enumerate_start", """print(list(enumerate('abc')))
print(list(enumerate(['x', 'y'], start=10)))
print(list(enumerate([], 3)))"""),
    ("map_filter", """print(list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])))
print(list(map(str, range(3))))
print(list(filter(lambda v: v % 2, range(7))))
print(list(filter(None, [0, 1, '', 'a', None, [], [0]])))
def square(v):
    return v * v
print(list(map(square, (1, 2, 3))))"""),
    ("map_needs_iterable", """map(abs)"""),
    ("reversed_kinds", """print(list(reversed([1, 2, 3])))
print(list(reversed((1, 2))))
print(list(reversed(range(1, 10, 3))))
print(list(reversed('abc')))
print(list(reversed({'a': 1, 'b': 2})))"""),
    ("reversed_set_error", """reversed({1, 2})"""),
    ("reversed_generator_error", """reversed(x for x in [1])"""),
    ("sorted_key_reverse", """words = ['banana', 'Apple', 'cherry', 'fig']
print(sorted(words))
print(sorted(words, key=lambda w: w.lower()))
print(sorted(words, key=len))
print(sorted(words, key=len, reverse=True))
print(sorted([(1, 'b'), (0, 'z'), (1, 'a')]))
print(sorted({3: 'x', 1: 'y'}))"""),
    ("sorted_stable_reverse", """pairs = [(1, 'a'), (2, 'b'), (1, 'c'), (2, 'd')]
print(sorted(pairs, key=lambda p: p[0], reverse=True))
print(sorted('hello'))"""),
    ("sorted_mixed_error", """sorted([1, 'a'])"""),
    ("min_max_forms", """print(max(3, 7, 5), min([4, 2, 8]), max('abc'))
print(max([1, -5, 3], key=abs), min(['aa', 'b', 'ccc'], key=len))
print(max([], default='empty'), min((), default=0))
print(max((x * 2 for x in range(4))))"""),
    ("max_empty_error", """max([])"""),
    ("min_no_args_error", """min()"""),
    ("max_default_with_args_error", """max(1, 2, default=0)"""),
    ("sum_start", """print(sum([1, 2, 3]), sum([1, 2], 10), sum([0.5, 0.25], start=1))
print(sum([[1], [2]], []))
print(sum(range(101)))"""),
    ("sum_strings_error", """sum(['a', 'b'], '')"""),
    ("any_all", """print(any([]), all([]), any([0, '', None]), all([1, 'a', [0]]))
print(any(x > 3 for x in range(10)))
print(all(c.isdigit() for c in '123'))"""),
    ("containers_from_iterables", """print(list('abc'), tuple(range(3)), list({1: 'a', 2: 'b'}))
print(dict([('a', 1), ('b', 2)]), dict(a=1, b=2), dict({'x': 1}, y=2))
print(list(x for x in range(3)), tuple(iter([4, 5])))
print(sorted(set('banana')))"""),
    ("dict_bad_pairs", """dict([(1, 2, 3)])"""),
    # Sets
    ("set_literals_order", """print({3, 1, 2})
print({10, 2, 33, 4, 100, 7})
print(set(), set([1, 1, 2]), set(range(5)))
print({x % 4 for x in range(10)})
print({-1, -2, 0, 5})
print({(1, 2), 3})"""),
    ("set_growth_order", """s = set()
for i in [40, 8, 16, 3, 25, 64, 1, 9, 100]:
    s.add(i)
print(s)
print(set(range(0, 200, 17)))"""),
    ("set_methods", """s = {1, 2, 3}
s.add(4)
s.remove(1)
s.discard(10)
print(s, len(s), 2 in s, 9 not in s)
print(s.pop(), s)
s.update([7, 8], (9,))
print(s)
s.clear()
print(s)"""),
    ("set_algebra", """a, b = {1, 2, 3, 4}, {3, 4, 5}
print(a | b, a & b, a - b, a ^ b)
print(a.union(b, [9]), a.intersection(b), a.difference(b), a.symmetric_difference(b))
print({1, 2} <= a, a >= {1}, {1} < {1}, a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({7}))
print({1, 2} == {2, 1}, {1} != {1, 2})"""),
    ("set_inplace", """a = {1, 2, 3}
b = a
a |= {4}
a &= {1, 2, 4, 8}
a -= {2}
a ^= {5, 1}
print(a, b is a)"""),
    ("set_remove_missing", """s = {1}
s.remove(2)"""),
    ("set_pop_empty", """set().pop()"""),
    ("set_unhashable", """{[1], 2}"""),
    ("set_operator_type_error", """{1} | [2]"""),
    ("frozenset_basics", """f = frozenset([3, 1])
print(f, frozenset(), f | {5}, {f: 'key'}[frozenset({1, 3})])
print(len(f), 1 in f)"""),
    ("frozenset_no_add", """frozenset([1]).add(2)"""),
    ("set_strings_sorted", """words = {'conv', 'pool', 'relu', 'conv'}
print(sorted(words), len(words), 'pool' in words)"""),
    # Strings
    ("str_split_join", """print('a,b,,c'.split(','), '  a  b '.split(), 'a b c'.split(maxsplit=1))
print('a.b.c'.rsplit('.', 1), 'a  b'.rsplit(None, 0), 'x'.split('x'))
print('-'.join(['conv', '2d']), ''.join(c for c in 'abc' if c != 'b'))
print('line1\\nline2\\r\\nline3\\n'.splitlines(), 'a\\nb'.splitlines(keepends=True))"""),
    ("str_split_empty_sep", """'abc'.split('')"""),
    ("str_join_type_error", """', '.join(['a', 1])"""),
    ("str_strip_case", """s = '  Hello, World!  '
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), 'xxabcxx'.strip('x'))
print(s.lower(), s.upper(), 'hello world'.title(), 'hELLO wORLD'.capitalize(), 'Hello'.swapcase())
print("they're bill's".title(), 'ab3cd'.title())"""),
    ("str_search", """s = 'convolution'
print(s.find('o'), s.rfind('o'), s.find('z'), s.index('lu'), s.rindex('o'), s.count('o'), s.count(''))
print(s.find('o', 2), s.find('o', 2, 4), s.count('o', 3), s.startswith('con'), s.endswith(('x', 'ion')))
print(s.startswith('vol', 3), s.replace('o', '0'), s.replace('o', '0', 2), 'aaa'.replace('', '-'))"""),
    ("str_index_missing", """'abc'.index('z')"""),
    ("str_startswith_type_error", """'abc'.startswith(1)"""),
    ("str_layout", """print('x'.center(6, '*'), 'ab'.center(5), '|' + 'x'.ljust(3) + '|', 'x'.rjust(4, '.'))
print('42'.zfill(5), '-42'.zfill(6), '+7'.zfill(3), 'abc'.zfill(2))
print('k=v=w'.partition('='), 'k=v=w'.rpartition('='), 'kv'.partition('='), 'kv'.rpartition('='))"""),
    ("str_predicates", """for s in ['123', 'abc', 'a1', ' \\t', 'ABC', 'abc', 'Abc', '', '1.5', 'Hello World']:
    print(repr(s), s.isdigit(), s.isalpha(), s.isalnum(), s.isspace(), s.isupper(), s.islower(), s.istitle())"""),
    ("str_fill_error", """'x'.center(5, '**')"""),
    ("str_format_fields", """print('{} x {}'.format(3, 4), '{1}{0}'.format('a', 'b'), '{name}={value:.3f}'.format(name='lr', value=0.001))
print('{0[1]} {0[0]}'.format(['a', 'b']), '{d[k]}'.format(d={'k': 5}), '{:>6}|{:<4}|{:^7}'.format('r', 'l', 'c'))
print('{!r} {!s}'.format('q', 'q'), '{:{w}.{p}f}'.format(3.14159, w=9, p=3), '{{literal}} {}'.format(1))
print('{:,}'.format(1234567), '{:08.2f}'.format(-3.5), '{:x} {:#b} {:o}'.format(255, 5, 8), '{:.1%}'.format(0.256))"""),
    ("str_format_index_error", """'{} {}'.format(1)"""),
    ("str_format_key_error", """'{missing}'.format(x=1)"""),
    ("str_format_switch_error", """'{} {0}'.format(1)"""),
    ("str_format_single_brace", """'a } b'.format()"""),
    ("str_format_attribute", """import torch
x = torch.zeros(2, 3)
print('{0.shape} {0.dtype}'.format(x))
print('{.real}'.format(5))"""),
    ("percent_format", """print('%d %5.2f %s %r %x %%' % (42, 3.14159, 'hi', 'hi', 255))
print('%-5s|%5s|%05d|%+d|% d' % ('a', 'b', 42, 7, 7))
print('%(name)s has %(n)03d' % {'name': 'conv', 'n': 7})
print('%e %.2e %g %G %.3g' % (12345.678, 0.000123, 1e-05, 1e20, 2.0))
print('%c%c %#x %#o %X %i' % (72, 'i', 255, 8, 255, 3.9))
print('value: %s' % [1, 2], '%s' % (1,), '%.2s' % 'abc', '%*d' % (5, 3))"""),
    ("percent_not_enough", """'%d %d' % (1,)"""),
    ("percent_not_all", """'%d' % (1, 2)"""),
    ("percent_bad_type", """'%d' % 'x'"""),
    ("percent_bad_char", """'%z' % 1"""),
    ("percent_needs_mapping", """'%(a)s' % 5"""),
    ("str_misc", """s = 'conv2d'
print(s[::-1], s[1:4], s * 2, 'v' in s, 'conv' < 'pool', len(s))
print(str(3.0), str([1, 'a']), repr('it\\'s'), repr("q\\"uote"), chr(65) + chr(0x3b1), ord('a'), ascii('café'))
print(format(3.14159, '.2f'), format(42, '>6'), format(0.5, '%'), format('x', '^5'))
print(str(None), str(True), repr(1e16), repr(1e-5), str(0.1 + 0.2))"""),
    ("str_removeprefix", """print('conv1.weight'.removeprefix('conv1.'), 'x.bias'.removesuffix('.bias'), 'abc'.removeprefix('z'))
print('a\\tb'.expandtabs(4), 'ConvT'.isascii(), 'conv_1'.isidentifier(), '1x'.isidentifier())"""),
    ("str_code_points", """s = 'e\\u0301'
print(len(s), s == '\\u00e9', '\\u0301' in s, list(s), s[1] == '\\u0301', 'b' < '\\u00e9', sorted(['b', 'a', 'B']))
print(format(3.0, '.2'), format(1e20, '.3'), format(0.5, '.3'), f'{2.0:.5}', '{:.1}'.format(12.0))"""),
    ("set_float_tuple_order", """print({0.5, 1.5, -0.25, 2.0}, {(1, 2), (2, 1), (0, 0)}, {True, 2, 0})
print(set([2.5, 1, 1.0, True]), {-5, -1, 3, 8})"""),
    # Lists, tuples, dicts
    ("list_methods", """l = [3, 1, 2]
l.append(5); l.extend((7, 8)); l.insert(0, 9); l.insert(-1, 6)
print(l, l.pop(), l.pop(0), l.index(2), l.count(1))
l.remove(1); l.reverse(); print(l)
c = l.copy(); c.clear(); print(c, l)
l.sort(); print(l)
l.sort(key=lambda v: -v); print(l)
l.sort(reverse=True); print(l)"""),
    ("list_sort_stable", """rows = [('b', 2), ('a', 2), ('c', 1), ('d', 1)]
rows.sort(key=lambda r: r[1])
print(rows)
rows.sort(key=lambda r: r[1], reverse=True)
print(rows)"""),
    ("list_slices_assign_delete", """l = list(range(8))
l[1:3] = ['a', 'b', 'c']
print(l)
l[::3] = [0, 0, 0]
print(l)
del l[0]
del l[1:3]
print(l)
del l[::2]
print(l)
l[len(l):] = [99]
print(l)"""),
    ("list_extended_slice_error", """l = [1, 2, 3, 4]
l[::2] = [1]"""),
    ("list_ops", """a = [1, 2]
b = a
a += (3,)
a *= 2
print(a, b is a, [0] * 3, [1] + [2], a[-1], [1, 2] < [1, 3], [2] > [1, 9], [1, 2] == [1, 2])
print((1, 2) < (1, 2, 0), (3,) >= (2, 9), (1, 2).count(2), (1, 2, 1).index(1, 1), len((1, 2, 3)))"""),
    ("list_index_errors", """l = [1]
print(l.pop())
l.pop()"""),
    ("list_remove_missing", """[1, 2].remove(3)"""),
    ("tuple_index_missing", """(1, 2).index(3)"""),
    ("dict_views", """d = {'a': 1, 'b': 2}
k, v, i = d.keys(), d.values(), d.items()
print(k, v, i)
d['c'] = 3
print(k, len(v), ('c', 3) in i, 'a' in k, list(i))
from collections import OrderedDict
print(OrderedDict(a=1).keys(), {}.values())"""),
    ("dict_methods", """d = {'lr': 0.1}
print(d.get('lr'), d.get('x'), d.get('x', 0), d.setdefault('m', 0.9), d)
d.update(wd=1e-4)
d.update([('a', 1)])
print(d, d.pop('a'), d.pop('zz', 'none'), d.popitem(), d)
print(dict.fromkeys(['x', 'y'], 0), dict.fromkeys('ab'), d.copy() == d, d | {'lr': 1}, {1: 2} | {3: 4})
e = {'k': 1}
e |= {'j': 2}
del e['k']
print(e, 'j' in e, len(e))
d.clear(); print(d)"""),
    ("dict_pop_missing", """{}.pop('k')"""),
    ("dict_popitem_empty", """{}.popitem()"""),
    ("dict_del_missing", """d = {'a': 1}
del d['b']"""),
    ("dict_changed_during_iteration", """d = {'a': 1}
for k in d:
    d['b'] = 2"""),
    ("dict_iteration", """d = {'x': 1, 'y': 2}
for k, v in d.items():
    print(k, v)
print([k for k in d], {v: k for k, v in d.items()}, sorted(d.values(), reverse=True))"""),
    # Numbers
    ("number_builtins", """print(abs(-3), abs(-2.5), round(2.5), round(3.5), round(-0.5), round(0.125, 2), round(2.675, 2), round(1234.5, -2), round(15, -1))
print(divmod(7, 2), divmod(-7, 2), divmod(7.5, 2), pow(2, 10), pow(3, 4, 5), pow(2, -1, 7), pow(2, 0.5))
print(hex(255), hex(-255), oct(8), bin(5), bin(-3), int('ff', 16), int('0x1f', 0), int(' 42 '), int('-1_000'), int(3.9), int(-3.9))
print(float('inf'), float('-inf'), float('nan'), float(' 1.5 '), float(2))
print(hash(1), hash(-1), hash(2.5), hash((1, 2)), hash(True), hash(()))"""),
    ("int_base_error", """int('12', 1)"""),
    ("int_literal_error", """int('z')"""),
    ("pow_mod_zero", """pow(2, 3, 0)"""),
    ("chr_range_error", """chr(-1)"""),
    ("ord_length_error", """ord('ab')"""),
    ("divmod_zero", """divmod(1, 0)"""),
    ("hex_float_error", """hex(1.5)"""),
    # math and time
    ("math_functions", """import math
print(math.sqrt(16), math.floor(-2.5), math.ceil(2.1), math.trunc(-2.7), math.log(8, 2), math.log2(1024), math.log10(0.001))
print(math.exp(1), math.pow(2, 3), math.sin(0), math.cos(math.pi), math.tan(0), math.atan2(1, 1), math.hypot(3, 4), math.fabs(-2))
print(math.factorial(10), math.gcd(12, 18, 8), math.lcm(4, 6), math.prod([1, 2, 3, 4]), math.prod([]), math.fsum([0.1] * 10), sum([0.1] * 10))
print(math.isclose(0.1 + 0.2, 0.3), math.isfinite(1.0), math.isinf(math.inf), math.isnan(math.nan), math.comb(10, 3), math.perm(5, 2), math.perm(4))
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.degrees(math.pi / 2), math.radians(180))"""),
    ("math_imports", """from math import sqrt, pi
import math as m
print(sqrt(2), pi, m.floor(7 / 2))"""),
    ("math_domain_error", """import math
math.sqrt(-1)"""),
    ("math_log_zero", """import math
math.log(0)"""),
    ("math_range_error", """import math
math.exp(1000)"""),
    ("math_factorial_negative", """import math
math.factorial(-1)"""),
    ("math_factorial_float", """import math
math.factorial(2.0)"""),
    ("math_floor_inf", """import math
math.floor(float('inf'))"""),
    ("math_type_error", """import math
math.sqrt('4')"""),
    ("math_no_attribute", """import math
math.sqr(2)"""),
    ("time_clocks", """import time
t0 = time.perf_counter()
time.sleep(0.01)
elapsed = time.perf_counter() - t0
print(elapsed >= 0.009, elapsed < 5)
print(time.time() > 1.6e9, time.time_ns() > 1.6e18, time.perf_counter_ns() >= 0, time.monotonic() >= 0)"""),
    ("time_sleep_negative", """import time
time.sleep(-1)"""),
    # Members: attribute errors name the type and suggest the closest member
    ("member_errors", """'abc'.uper()"""),
    ("member_list_error", """[].add(1)"""),
    ("member_unbound_methods", """print(list(map(str.strip, [' a ', 'b '])), sorted(['b', 'A'], key=str.lower), str.join('-', 'ab'))
l = []
list.append(l, 1)
print(l, dict.fromkeys('ab', 0), set.union({1}, [2]), int.bit_length(8))"""),
    ("member_unbound_wrong_type", """str.upper(5)"""),
    ("mixed_builtins", """d = {1: 'a', 2: 'b'}
print({}.keys(), list(reversed(d.items())), sorted(d.values(), reverse=True), list(zip([1, 2])))
print('%s' % [], '%s %(a)s' % {'a': 1}, '%5.1f%%' % 12.34, '%-6.2e|' % 1234.5, '%03x' % 10)
print(max('abc', key=ord), min(1, 2, key=lambda x: -x), sorted(d, key=lambda k: -k))
print(*range(3), sep=',')
print(set() == frozenset(), {1, 2} == frozenset({1, 2}), round(True), 'ab' * -1)
print('{:>{w}}|{:^{w}}|'.format('a', 'b', w=4), '{0}{1}{0}'.format('x', 'y'), '{:+.2e}'.format(12345.6789))
print(' '.join(f'{v:>3}' for v in range(3)), str(frozenset({1})), repr(set()), str({'a'}))
print('CamelCaseName'.lower().count('a'), 'a-b_c'.replace('-', '_').split('_'), 'x'.join('abc'))
g = (i for i in range(3))
print(1 in g, list(g))
print(dict(zip(['a', 'b'], [1, 2])) == {'b': 2, 'a': 1}, list(map(len, ['ab', 'c'])), tuple(filter(str.isdigit, 'a1b2')))
s = {5, 3, 1}
s.update(range(10, 13))
print(s, s - {11}, sorted(s, reverse=True))
print([1, 2, 3][::-1], 'hello'[::-2], 'hello'[-3:], [x for x in 'ab' for _ in range(2)])
e = enumerate(['a', 'b'])
print(next(e), list(e))
print(divmod(-7, 2), divmod(7, -2.0), 7 // -2, -7 % 3, pow(-2, 3), pow(2, 3, -5))
print(int('  -0b101 ', 0), int('0o17', 8), int('1_0'), float('1e3'), float('-inf') < 0)
print('%.0f %.0f %.0f' % (0.5, 1.5, 2.5), round(0.5), round(1.5), round(-1.5))
print(sorted([3, 1, 2], key=None), sorted([[2, 1], [1, 2], [1]]))"""),
    ("percent_mapping_then_positional", """print('%(a)s %s' % {'a': 1})"""),
    ("dict_view_algebra", """d = {1: 10, 2: 20, 3: 30}
print(d.keys() | {5}, d.keys() & {2, 3, 9}, d.keys() - [1], d.keys() ^ {3, 4}, {0} | d.keys(), d.items() & {(1, 10)})
print(d.keys() & d.keys(), d.items() - {(1, 10)}, [3, 1] & d.keys(), d.items() | {(4, 40)})"""),
    ("ascii_conversions", """s = 'café'
print(f'{s!a}', '{!a}'.format(s), '%a' % s, ascii([s, 'ü']))"""),
    ("iter_sequential_modules", """import torch.nn as nn
net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Conv2d(2, 1, 1))
for m in net:
    print(m)
print(list(enumerate(net))[1], sum(1 for _ in net), iter(net))"""),
    ("iter_module_generators", """import torch.nn as nn
net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Conv2d(2, 1, 1))
print(sum(p.numel() for p in net.parameters()))
print(net.parameters())
print(net.named_children())
g = net.children()
print(next(g))
print(len(list(g)), list(g))
print([n for n, _ in net.named_parameters()], [n for n, _ in net.named_modules()])
print(any(p.requires_grad for p in net.parameters()))"""),
    ("math_trunc_tensor", """import math, torch
print(math.floor(torch.tensor(2.5)), math.ceil(torch.tensor([1.5])), math.sqrt(torch.tensor(4.)))
math.trunc(torch.tensor(2.5))"""),
    ("errors_caught_from_builtins", """it = iter([1])
try:
    next(it)
    next(it)
except StopIteration:
    print('stopped')
try:
    {}.pop('k')
except KeyError as e:
    print(repr(e), e)
try:
    {1}.remove(5)
except LookupError as e:
    print(type(e).__name__, e)
try:
    '%d' % 'x'
except TypeError as e:
    print(e)
try:
    import math
    math.sqrt(-1)
except ValueError as e:
    print(e.args)
def gen_error():
    return (1 / x for x in [0])
try:
    list(gen_error())
except ZeroDivisionError as e:
    print('zde', e)
try:
    {'a': 1}.popitem() and {}.popitem()
except KeyError as e:
    print(e.args)
try:
    '{missing}'.format()
except KeyError as e:
    print(e)"""),
    ("member_method_reprs", """import torch
print('a'.upper, [].append, torch.zeros(1).size, {}.get, (1).bit_length, len)
print(str.upper, list.append, set.union)"""),
    ("format_too_many_digits", """x = f'{1:99999999999999999999}'"""),
    ("set_random_operations", """s = set()
t = {5, 17, 33, -4, 90}
f = frozenset(range(0, 40, 3))
s.add(178)
print(s)
s.add(209)
s.discard(197)
s.add(-94)
s.update(range(140, 140 + 11))
s.add(19)
s.add(267)
s.discard(181)
print(s)
s.discard(227)
s = set(dict.fromkeys(s))
s = s.difference({167}, [168])
s.add(-93)
s = s.symmetric_difference(t)
s.add(202)
s.add(299)
print(s)
s.add(37)
s.discard(268)
s.update(range(98, 98 + 11))
s = s.intersection(range(-50, 118))
s.add(195)
s.discard(-32)
s = set(dict.fromkeys(s))
print(s)
s.add(153)
s.add(244)
s.discard(220)
s = s.copy()
x = s.pop() if s else None
s = s.union([173, 181], t)
s = s.union([199, 207], t)
print(s)
s.add(72)
s.symmetric_difference_update([1, 2, 3])
s = s.copy()
s = s.symmetric_difference(t)
s.symmetric_difference_update([1, 2, 3])
s.update(range(192, 192 + 11))
s = s.union([265, 273], t)
print(s)
s = s.symmetric_difference(t)
s = set(f & s)
s.add(-37)
s.add(227)
s.update(range(-55, -55 + 11))
s.add(-66)
s.discard(-23)
print(s)
s.add(118)
s = set(list(s))
s.add(214)
s = set(list(s))
s = s.intersection(range(-50, 69))
s = s.union([42, 50], t)
x = s.pop() if s else None
print(s)
s.add(-61)
s.add(174)
s.add(1)
s.update(range(49, 49 + 11))
s = s.difference({-21}, [-20])
s.symmetric_difference_update([1, 2, 3])
s.add(-30)
print(s)
s.update(range(93, 93 + 11))
s.add(166)
s.add(204)
s.symmetric_difference_update([1, 2, 3])
s = s.difference({159}, [160])
s.add(224)
s.intersection_update(set(range(-80, 250)))
print(s)
s.update(range(123, 123 + 11))
s.update(range(166, 166 + 11))
s.add(73)
s.add(112)
s.update(range(61, 61 + 11))
s.add(215)
s = s.union([-32, -24], t)
print(s)
s.add(221)
s.add(80)
s = s.symmetric_difference(t)
s = s.difference({42}, [43])
s.intersection_update(set(range(-80, 250)))
s = s.union([246, 254], t)
s.add(89)
print(s)
s.add(133)
s.add(207)
s.add(86)
s.add(288)
s.add(204)
s.add(93)
s.add(-87)
print(s)
s.update(range(250, 250 + 11))
s.intersection_update(set(range(-80, 250)))
x = s.pop() if s else None
s -= f
s.add(247)
s.discard(257)
s.add(207)
print(s)
s.add(70)
s = s.symmetric_difference(t)
s.discard(-14)
s.add(279)
s = s.symmetric_difference(t)
s.discard(15)
s |= f
print(s)
x = s.pop() if s else None
s.add(194)
s.add(42)
s.add(228)
s.add(217)
s.add(-34)
s.discard(165)
print(s)
s |= f
s.discard(224)
s.discard(114)
s = s.union([-82, -74], t)
s.update(range(-21, -21 + 11))
s.add(144)
s.update(range(218, 218 + 11))
print(s)
s.update(range(122, 122 + 11))
s = s.union([267, 275], t)
s.add(281)
s.discard(285)
s = s.symmetric_difference(t)
s.update(range(178, 178 + 11))
s.add(16)
print(s)
s = set(dict.fromkeys(s))
s.update(range(-39, -39 + 11))
s -= f
s.add(255)
x = s.pop() if s else None
s.update(range(120, 120 + 11))
s = s.union([-94, -86], t)
print(s)
s.discard(-39)
s.add(53)
s.add(-90)
x = s.pop() if s else None
s.add(213)
s.add(-36)
s.add(176)
print(s)
s.discard(300)
s.add(13)
s.add(173)
s.update(range(-39, -39 + 11))
s.add(40)
s.update(range(-35, -35 + 11))
s = set(f & s)
print(s)
s.discard(192)
s = set(dict.fromkeys(s))
s = {x for x in s}
s.add(169)
x = s.pop() if s else None
s.discard(297)
s -= f
print(s)
s = set(list(s))
s.add(-65)
s.discard(-84)
s = s.copy()
x = s.pop() if s else None
s.add(61)
s.add(97)
print(s)
s = s.difference({200}, [201])
s.add(35)
s.add(68)
s.discard(-35)
s = s.union([266, 274], t)
s.intersection_update(set(range(-80, 250)))
s = s.union([-79, -71], t)
print(s)
s.add(209)
s = s.symmetric_difference(t)
s.add(-78)
s = s.difference({120}, [121])
s.add(221)
s.discard(259)
s.add(255)
print(s)
s.discard(-91)
s.add(174)
s.add(202)
s.add(117)
s.add(-34)
s = set(dict.fromkeys(s))
s.add(186)
print(s)
s |= f
s.add(253)
s.add(274)
s = s.symmetric_difference(t)
s |= f
s.add(63)
s = s.union([-48, -40], t)
print(s)
s -= f
s.add(-27)
s.add(99)
s.add(-53)
s = s.union([237, 245], t)
s.update(range(-9, -9 + 11))
s -= f
print(s)
s = s.copy()
s.add(-42)
s = s.symmetric_difference(t)
s.update(range(196, 196 + 11))
s.add(-55)
s.add(292)
s = s.union([170, 178], t)
print(s)
s = s.intersection(range(-50, -46))
s = s.union([-49, -41], t)
s.update(range(-69, -69 + 11))
s = s.union([188, 196], t)
s.add(-61)
s.add(-8)
s = s.difference({132}, [133])
print(s)
s = s.difference({285}, [286])
s.update(range(29, 29 + 11))
s.add(103)
s.update(range(184, 184 + 11))
s.discard(-58)
s.add(20)
s.update(range(111, 111 + 11))
print(s)
s = s.copy()
s.discard(191)
s = {x for x in s}
s.update(range(251, 251 + 11))
s.discard(229)
s.discard(-24)
s.add(154)
print(s)
s = {x for x in s}
x = s.pop() if s else None
s = s.union([-5, 3], t)
s.add(285)
s.add(199)
x = s.pop() if s else None
s = s.copy()
print(s)
s.update(range(51, 51 + 11))
s = s.symmetric_difference(t)
s = s.union([199, 207], t)
s = s.union([36, 44], t)
s.update(range(57, 57 + 11))
s.add(145)
s -= f
print(s)
s.add(84)
s.add(147)
s = set(list(s))
s.discard(257)
s.discard(206)
s.add(197)
s = set(f & s)
print(s)
s = s.union([146, 154], t)
s.update(range(-63, -63 + 11))
s = s.copy()
s |= f
s.discard(17)
s.update(range(231, 231 + 11))
s = s.intersection(range(-50, 245))
print(s)
s.add(11)
s = s.copy()
s.update(range(297, 297 + 11))
s.add(-5)
s = s.difference({245}, [246])
s = s.copy()
s.add(-77)
print(s)
s.add(116)
s.add(-57)
s.add(35)
s = set(f & s)
s.add(131)
s = s.union([245, 253], t)
s.add(-85)
print(s)
s.add(123)
s.add(-61)
s.add(199)
s = {x for x in s}
s.add(178)
s.add(40)
s.add(121)
print(s)
s.add(170)
s.update(range(-51, -51 + 11))
x = s.pop() if s else None
s.add(295)
s.add(130)
s.add(246)
s = s.symmetric_difference(t)
print(s)
s.add(73)
s = s.symmetric_difference(t)
x = s.pop() if s else None
s.discard(80)
s.add(50)
s = s.symmetric_difference(t)
s = {x for x in s}
print(s)
s = s.difference({223}, [224])
s.add(89)
s.update(range(235, 235 + 11))
s.discard(-45)
s.update(range(-28, -28 + 11))
s.update(range(230, 230 + 11))
s.intersection_update(set(range(-80, 250)))
print(s)
s.discard(53)
s = s.difference({134}, [135])
s.discard(300)
s.add(-65)
s.add(-8)
s = {x for x in s}
s = s.union([100, 108], t)
print(s)
s.add(36)
s.add(-73)
s = set(dict.fromkeys(s))
s.discard(38)
s.add(293)
x = s.pop() if s else None
s.update(range(129, 129 + 11))
print(s)
x = s.pop() if s else None
s.add(154)
s = s.copy()
s.add(202)
s.add(-43)
s = s.union([272, 280], t)
s.add(257)
print(s)
s.add(113)
s = s.symmetric_difference(t)
s -= f
s.add(211)
s.add(103)
s |= f
x = s.pop() if s else None
print(s)
s.add(28)
s.add(50)
s.add(127)
s.update(range(96, 96 + 11))
s.add(198)
s.add(154)
s.update(range(251, 251 + 11))
print(s)
s = s.intersection(range(-50, 241))
s.discard(207)
s.add(224)
s.add(294)
s = {x for x in s}
s.discard(168)
s = s.difference({1}, [2])
print(s)
s.add(171)
s.add(156)
s.update(range(127, 127 + 11))
s.add(45)
s.update(range(-22, -22 + 11))
s.add(-55)
s = s.difference({-75}, [-74])
print(s)
s.add(216)
s.add(-61)
s.discard(-91)
s.update(range(65, 65 + 11))
s.add(76)
s.symmetric_difference_update([1, 2, 3])
s.add(207)
print(s)
s = set(list(s))
s = s.intersection(range(-50, 278))
s.update(range(5, 5 + 11))
s.update(range(2, 2 + 11))
s.discard(287)
s.add(61)
s.add(-79)
print(s)
s.discard(2)
s = s.intersection(range(-50, 100))
s.discard(258)
s.add(116)
s.add(150)
s.add(137)
s.discard(253)
print(s)
s.discard(-8)
s.discard(-81)
s = s.intersection(range(-50, 87))
s = s.copy()
x = s.pop() if s else None
s.discard(-99)
s -= f
print(s)
s |= f
s = s.copy()
s.add(7)
s.add(199)
s.discard(-14)
s = s.difference({-29}, [-28])
s.add(-14)
print(s)
s.discard(-6)
s.add(-89)
s.discard(62)
s.discard(260)
s = s.intersection(range(-50, 22))
s.discard(103)
s.discard(12)
print(s)
s.add(99)
s.discard(-16)
s.add(-41)
s.add(-37)
s = s.union([272, 280], t)
s.add(138)
s |= f
print(s)
s.discard(187)
s.add(72)
s = s.difference({76}, [77])
s.add(-71)
s.symmetric_difference_update([1, 2, 3])
s = s.union([-99, -91], t)
s.add(248)
print(s)
s.add(-13)
x = s.pop() if s else None
s.add(235)
x = s.pop() if s else None
s.add(287)
s.discard(145)
s.update(range(237, 237 + 11))
print(s)
print(s, len(s), f | s, s ^ f)"""),
    ("set_frozenset_hashes", """print(hash(frozenset({1, 2})), hash(frozenset()), hash(frozenset({(1, 2), 3.5})))
print({frozenset({1}), frozenset({2, 3}), frozenset(), frozenset({9, 8, 7})})"""),
    ("set_float_hashes", """print(hash(-1.0), hash(2.0**70), hash(1e-300), hash(-0.0), hash(5e-324), hash(1.7976931348623157e308), hash(-3.5), hash(123456789.123))
print({1.0, 2.5, -1.0, 1e300, 0.1, 0.2, 0.3, 7.75})"""),
    ("set_toggle_dict", """s = {1, 2, 100}
s.symmetric_difference_update({9: 0, 1: 0, 17: 0, 33: 0})
print(s, {1, 2} ^ {3, 11})"""),
    ("percent_tensor_items", """import torch
print("%.2f %d %d %s %e" % (torch.tensor(1.5), torch.tensor(3.7), torch.tensor([4]), torch.tensor(2.), torch.tensor([0.5])))"""),
    ("member_int_fields", """print((5).real, (5).imag, (255).bit_length(), (2.0).is_integer(), (2.5).is_integer(), range(1, 5, 2).start)"""),
]


def run(source):
    """Runs one case in a fresh namespace; returns (stdout, "Type: message" or None)."""
    stdout, error, _, _, _ = run_program(source, "<case>", {"__name__": "__case__"})
    return stdout, error


def main():
    write_fixture(CASES, OUTPUT, {"python": sys.version.split()[0], "torch": torch.__version__}, run)


if __name__ == "__main__":
    main()
