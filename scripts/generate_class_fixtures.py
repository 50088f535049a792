#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/classes/classes.json from CPython 3.11 and PyTorch.

Each case is a short program using classes: plain classes, inheritance and super(),
properties, static and class methods, special methods, class attributes, type() and
isinstance(), and the errors CPython raises for them. It runs here in a fresh
namespace named `__main__` (as a notebook's); what it prints is recorded, and the first
exception, as "TypeName: message", stops it. The Swift test ClassFixtureTests runs every
case in a fresh ConvLang session and expects the same, with object addresses
(`0x7f...`) masked on both sides.

Run with the Python the expected outputs must come from:

    /work/main/.venv/bin/python scripts/generate_class_fixtures.py
"""

import json
import pathlib
import sys
import types

import torch

from program_fixtures import exit_on_duplicate_ids, run_program

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/classes/classes.json"

POINT = '''class Point:
    """A point in the plane."""
    dims = 2

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
'''

NET = '''import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self, cin, c):
        super().__init__()
        self.conv = nn.Conv2d(cin, c, 3, padding=1)
        self.up = nn.ConvTranspose2d(c, 1, 2, stride=2)
    def forward(self, x):
        return self.up(self.conv(x))
'''

CASES = [
    # Plain classes
    ("plain_init_and_method", POINT + """p = Point(3, 4)
print(p.x, p.y, p.norm())"""),
    ("plain_default_repr", POINT + """p = Point(1, 2)
print(p)
print(repr(p))
print([p])"""),
    ("plain_class_repr", POINT + """print(Point)
print(Point.__name__, Point.__qualname__, Point.__module__)
print(Point.__doc__)"""),
    ("plain_bound_method_repr", POINT + """p = Point(1, 2)
print(p.norm)
print(Point.norm)"""),
    ("plain_instance_attribute_later", POINT + """p = Point(1, 2)
p.label = 'origin'
print(p.label)
print(p.__dict__)
print(vars(p))"""),
    ("plain_missing_attribute", POINT + """p = Point(1, 2)
print(p.z)"""),
    ("plain_missing_class_attribute", POINT + """print(Point.z)"""),
    ("plain_init_missing_argument", POINT + """p = Point(1)"""),
    ("plain_init_too_many", POINT + """p = Point(1, 2, 3)"""),
    ("plain_no_init_takes_no_arguments", """class Empty:
    pass
e = Empty()
print(type(e).__name__)
Empty(1)"""),
    ("plain_method_wrong_arguments", POINT + """p = Point(1, 2)
p.norm(5)"""),
    ("plain_init_keyword_arguments", POINT + """p = Point(y=2, x=5)
print(p.x, p.y)
q = Point(1, y=7)
print(q.y)"""),
    ("plain_init_returns_value", """class Bad:
    def __init__(self):
        return 1
Bad()"""),
    ("plain_class_attributes_shared", """class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1
a = Counter()
b = Counter()
print(Counter.count, a.count, b.count)
a.count = 10
print(Counter.count, a.count, b.count)"""),
    ("plain_class_body_names", """class Config:
    size = 3
    double = size * 2
    names = [str(i) for i in range(3)]
print(Config.size, Config.double, Config.names)"""),
    ("plain_methods_skip_class_names", """size = 'global'
class C:
    size = 'class'
    def get(self):
        return size
print(C().get())"""),
    ("plain_method_calls_method", """class Acc:
    def __init__(self):
        self.items = []
    def add(self, x):
        self.items.append(x)
        return self
    def total(self):
        return sum(self.items)
a = Acc()
a.add(1).add(2).add(3)
print(a.total(), len(a.items))"""),
    ("plain_method_via_class", POINT + """p = Point(6, 8)
print(Point.norm(p))"""),
    ("plain_class_in_function", """def make():
    class Local:
        def hi(self):
            return 'hi'
    return Local
L = make()
print(L, L.__qualname__)
print(L().hi())
print(L.hi)"""),
    ("plain_nested_class", """class Outer:
    class Inner:
        def f(self):
            pass
print(Outer.Inner)
print(Outer.Inner.f)"""),
    ("plain_closure_in_method", """class Scaler:
    def __init__(self, k):
        self.k = k
    def make(self):
        return lambda x: x * self.k
f = Scaler(3).make()
print(f(5))"""),
    ("plain_mutable_default_shared", """class Bag:
    items = []
    def add(self, x):
        self.items.append(x)
a = Bag()
b = Bag()
a.add(1)
b.add(2)
print(a.items, Bag.items)"""),
    # Inheritance and super()
    ("inherit_method_override", """class Animal:
    def __init__(self, name):
        self.name = name
    def speak(self):
        return self.name + ' makes a sound'
class Dog(Animal):
    def speak(self):
        return self.name + ' barks'
print(Animal('cat').speak())
print(Dog('rex').speak())"""),
    ("inherit_super_init", """class Base:
    def __init__(self, a):
        self.a = a
class Child(Base):
    def __init__(self, a, b):
        super().__init__(a)
        self.b = b
c = Child(1, 2)
print(c.a, c.b)"""),
    ("inherit_super_method", """class A:
    def who(self):
        return 'A'
class B(A):
    def who(self):
        return 'B>' + super().who()
class C(B):
    def who(self):
        return 'C>' + super().who()
print(C().who())"""),
    ("inherit_super_two_arguments", """class A:
    def f(self):
        return 'A.f'
class B(A):
    def f(self):
        return 'B.f then ' + super(B, self).f()
print(B().f())"""),
    ("inherit_diamond_mro", """class A:
    def f(self):
        return ['A']
class B(A):
    def f(self):
        return ['B'] + super().f()
class C(A):
    def f(self):
        return ['C'] + super().f()
class D(B, C):
    def f(self):
        return ['D'] + super().f()
print(D().f())
print(D.__mro__)
print([k.__name__ for k in D.__mro__])"""),
    ("inherit_bad_mro", """class A:
    pass
class B(A):
    pass
class C(A, B):
    pass"""),
    ("inherit_isinstance_issubclass", """class A:
    pass
class B(A):
    pass
b = B()
print(isinstance(b, A), isinstance(b, B), isinstance(A(), B))
print(issubclass(B, A), issubclass(A, B), issubclass(B, object))
print(isinstance(b, (int, A)), type(b) is B, type(b) == A)
print(B.__bases__)"""),
    ("inherit_super_init_object", """class A:
    def __init__(self):
        super().__init__()
        self.ok = True
print(A().ok)"""),
    ("inherit_super_init_object_extra", """class A:
    def __init__(self):
        super().__init__(1)
A()"""),
    ("inherit_init_inherited_missing", """class Base:
    def __init__(self, a, b):
        self.a = a
class Child(Base):
    pass
Child(1)"""),
    ("inherit_super_outside_method", """def f():
    return super()
f()"""),
    ("inherit_duplicate_base", """class A:
    pass
class B(A, A):
    pass"""),
    ("inherit_super_attribute_missing", """class A:
    pass
class B(A):
    def f(self):
        return super().nothing
B().f()"""),
    # Properties, static and class methods
    ("property_getter", """class Rect:
    def __init__(self, w, h):
        self.w = w
        self.h = h
    @property
    def area(self):
        return self.w * self.h
r = Rect(2, 3)
print(r.area)
r.w = 10
print(r.area)"""),
    ("property_no_setter", """class Rect:
    def __init__(self, w):
        self.w = w
    @property
    def area(self):
        return self.w
r = Rect(2)
r.area = 5"""),
    ("property_setter", """class Temp:
    def __init__(self):
        self._c = 0
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, value):
        self._c = value * 1.0
t = Temp()
t.celsius = 25
print(t.celsius, t._c)"""),
    ("staticmethod_and_classmethod", """class Shape:
    sides = 0
    @staticmethod
    def describe(x):
        return 'shape ' + str(x)
    @classmethod
    def make(cls):
        return cls.__name__ + ' with ' + str(cls.sides)
class Square(Shape):
    sides = 4
print(Shape.describe(1), Square().describe(2))
print(Shape.make(), Square.make(), Square().make())"""),
    ("classmethod_constructor", """class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    @classmethod
    def origin(cls):
        return cls(0, 0)
    def __repr__(self):
        return f'Point({self.x}, {self.y})'
print(Point.origin())"""),
    ("decorated_class", """def register(cls):
    cls.registered = True
    return cls
@register
class Thing:
    pass
print(Thing.registered)"""),
    # Special methods
    ("dunder_repr_str", """class V:
    def __init__(self, x):
        self.x = x
    def __repr__(self):
        return f'V({self.x!r})'
    def __str__(self):
        return f'<{self.x}>'
v = V('a')
print(v)
print(repr(v), str(v))
print([v, V(2)])
print(f'{v} {v!r}')
v"""),
    ("dunder_repr_only_used_by_str", """class V:
    def __repr__(self):
        return 'V!'
print(V(), str(V()), f'{V()}')"""),
    ("dunder_repr_not_string", """class V:
    def __repr__(self):
        return 3
print(V())"""),
    ("dunder_arithmetic", """class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __rmul__(self, k):
        return Vec(self.x * k * 10, self.y * k * 10)
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __repr__(self):
        return f'Vec({self.x}, {self.y})'
a = Vec(1, 2)
b = Vec(3, 4)
print(a + b, a - b, a * 3, 3 * a, -a)
a += b
print(a)"""),
    ("dunder_unsupported_operand", """class Vec:
    def __add__(self, o):
        return NotImplemented
Vec() + 1"""),
    ("dunder_radd_sum", """class Money:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return Money(self.v + (o.v if isinstance(o, Money) else o))
    def __radd__(self, o):
        return self.__add__(o)
print(sum([Money(1), Money(2), Money(3)]).v)"""),
    ("dunder_comparisons", """class Ver:
    def __init__(self, n):
        self.n = n
    def __eq__(self, o):
        return self.n == o.n
    def __lt__(self, o):
        return self.n < o.n
    def __le__(self, o):
        return self.n <= o.n
a, b = Ver(1), Ver(2)
print(a == Ver(1), a != Ver(1), a < b, a <= b, a > b, b > a, a >= b)
print(a in [Ver(5), Ver(1)])
print(max([Ver(3), Ver(7), Ver(5)]).n)"""),
    ("dunder_eq_default_identity", """class P:
    pass
a = P()
b = P()
print(a == a, a == b, a != b, a is a, a in [b], a in [a])"""),
    ("dunder_order_missing", """class P:
    pass
P() < P()"""),
    ("dunder_container", """class Deck:
    def __init__(self):
        self.cards = ['A', 'K', 'Q']
    def __len__(self):
        return len(self.cards)
    def __getitem__(self, i):
        return self.cards[i]
    def __setitem__(self, i, v):
        self.cards[i] = v
    def __contains__(self, c):
        return c in self.cards
d = Deck()
print(len(d), d[0], d[-1], 'K' in d, 'J' in d, 'J' not in d)
d[1] = 'J'
print(d.cards, d[0:2])
for c in d:
    print(c)
print(list(d))"""),
    ("dunder_not_subscriptable", """class P:
    pass
P()[0]"""),
    ("dunder_len_missing", """class P:
    pass
len(P())"""),
    ("dunder_bool_and_len", """class Empty:
    def __len__(self):
        return 0
class Yes:
    def __bool__(self):
        return True
class Plain:
    pass
print(bool(Empty()), bool(Yes()), bool(Plain()))
if not Empty():
    print('empty is falsy')"""),
    ("dunder_bool_wrong_type", """class B:
    def __bool__(self):
        return 1
bool(B())"""),
    ("dunder_call", """class Adder:
    def __init__(self, k):
        self.k = k
    def __call__(self, x, scale=1):
        return (x + self.k) * scale
add = Adder(10)
print(add(1), add(2, scale=3), callable(add), callable(Adder), callable(3))"""),
    ("dunder_not_callable", """class P:
    pass
P()()"""),
    ("dunder_format", """class Money:
    def __init__(self, v):
        self.v = v
    def __format__(self, spec):
        return '$' + format(self.v, spec)
print(f'{Money(3.14159):.2f}')"""),
    # type() and isinstance() with builtin types and tensors
    ("types_of_builtins", """import torch
print(type(1), type(1.5), type('s'), type(True), type(None))
print(type([1]), type((1,)), type({}), type(len), type(int))
print(type(torch.zeros(2)), type(torch.nn.Parameter(torch.zeros(1))))"""),
    ("types_isinstance_builtins", """print(isinstance(1, int), isinstance(True, int), isinstance(1, bool), isinstance(1.0, int))
print(isinstance('a', str), isinstance([1], list), isinstance((1,), tuple), isinstance({}, dict))
print(isinstance(1, (str, float)), isinstance(1, (str, (int,))))
print(issubclass(bool, int), issubclass(int, bool), issubclass(int, object))"""),
    ("types_isinstance_torch", """import torch
import torch.nn as nn
x = torch.ones(2)
w = nn.Parameter(torch.zeros(2))
conv = nn.Conv2d(1, 1, 3)
print(isinstance(x, torch.Tensor), isinstance(w, torch.Tensor), isinstance(w, nn.Parameter), isinstance(x, nn.Parameter))
print(isinstance(conv, nn.Module), isinstance(conv, nn.Conv2d), isinstance(x, nn.Module), isinstance(conv, nn.ConvTranspose2d))
print(type(x) is torch.Tensor, type(conv))"""),
    ("types_converters_still_work", """print(int('7') + 1, float(2), str(3) + 'x', bool(0), list((1, 2)), tuple([3]), dict(a=1))
print(int, float, str, bool, list, tuple, dict, object)"""),
    ("types_isinstance_bad_argument", """isinstance(1, 2)"""),
    ("types_issubclass_bad_argument", """issubclass(1, int)"""),
    ("types_type_equality", """print(type(1) == int, type(True) == int, type(1) is type(2), type([]) is list)
class A:
    pass
print(type(A) is type, type(A()) is A, type(type))"""),
    # getattr / setattr / hasattr / delattr
    ("attrs_getattr_family", POINT + """p = Point(1, 2)
print(getattr(p, 'x'), getattr(p, 'q', 'default'), hasattr(p, 'y'), hasattr(p, 'q'))
setattr(p, 'q', 9)
print(p.q, hasattr(p, 'norm'), getattr(p, 'norm')())
delattr(p, 'q')
print(hasattr(p, 'q'))
del p.x
print(hasattr(p, 'x'))"""),
    ("attrs_getattr_missing", POINT + """p = Point(1, 2)
getattr(p, 'missing')"""),
    ("attrs_getattr_bad_name", """getattr(1, 2)"""),
    ("attrs_getattr_builtin_values", """import torch
x = torch.zeros(2, 3)
print(getattr(x, 'shape'), hasattr(x, 'view'), hasattr(x, 'nothing'), hasattr([], 'append'))"""),
    ("attrs_dir_instance", POINT + """p = Point(1, 2)
print([n for n in dir(p) if n[0] != '_'])
print(dir(p))"""),
    ("attrs_class_attribute_set", POINT + """Point.dims = 3
p = Point(0, 0)
print(p.dims)
Point.extra = lambda self: self.x + 100
print(p.extra())"""),
    ("attrs_special_attributes", POINT + """p = Point(1, 2)
print(p.__class__, p.__class__.__name__, p.__doc__)
print(Point.norm.__name__, Point.norm.__qualname__, p.norm.__self__ is p, p.norm.__func__ is Point.norm)"""),
    # A model-like class (without nn.Module)
    ("model_like_plain_class", """import torch
import torch.nn.functional as F
class Block:
    def __init__(self, cin, cout):
        torch.manual_seed(0)
        self.weight = torch.randn(cout, cin, 3, 3)
    def __call__(self, x):
        return F.conv2d(x, self.weight, padding=1) * 2
    def __repr__(self):
        return f'Block(weight={tuple(self.weight.shape)})'
b = Block(1, 2)
print(b)
y = b(torch.ones(1, 1, 4, 4))
print(y.shape, isinstance(y, torch.Tensor))"""),
    ("model_like_subclass_chain", """class Layer:
    def __init__(self, name):
        self.name = name
    def describe(self):
        return f'{type(self).__name__}({self.name})'
class Conv(Layer):
    def __init__(self, k):
        super().__init__('conv')
        self.k = k
    def describe(self):
        return super().describe() + f' k={self.k}'
layers = [Layer('id'), Conv(3)]
for l in layers:
    print(l.describe())"""),
    # User exception classes
    ("exception_class_raise_and_catch", """class ShapeError(ValueError):
    \"\"\"The shape is wrong.\"\"\"
class RankError(ShapeError):
    pass
print(ShapeError, issubclass(RankError, ValueError), issubclass(RankError, KeyError))
try:
    raise RankError('expected 4 dims, got 3')
except ValueError as e:
    print(type(e).__name__, e, isinstance(e, ShapeError), isinstance(e, (KeyError, RankError)))
    print(repr(e), e.args)"""),
    ("exception_class_uncaught", """class ShapeError(ValueError):
    pass
def check(x):
    if x != 4:
        raise ShapeError(f'expected 4, got {x}')
check(3)"""),
    ("dunder_iter_next", """class Count:
    def __init__(self, n):
        self.n = n
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i
print(list(Count(3)), [x * 2 for x in Count(2)], sum(Count(4)))
c = Count(2)
print(next(c), next(c), next(c, 'done'))
class Bag:
    def __init__(self):
        self.items = [1, 2]
    def __iter__(self):
        return iter(self.items)
for x in Bag():
    print(x)
print(3 in Count(5), 9 in Count(5))
class Bad:
    def __iter__(self):
        return [1]
for x in Bad():
    pass"""),
    ("dunder_context_manager", """class Timer:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print('enter', self.name)
        return self
    def __exit__(self, exc_type, exc, tb):
        print('exit', self.name, exc_type, exc)
        return exc_type is KeyError
with Timer('a') as t:
    print('inside', t.name)
with Timer('b'):
    raise KeyError('k')
print('after')
with Timer('c'):
    raise ValueError('v')"""),
    ("dunder_setattr", """class Frozen:
    def __init__(self):
        object.__setattr__(self, 'x', 1)
    def __setattr__(self, name, value):
        print('set', name, value)
        super().__setattr__(name, value * 2)
f = Frozen()
f.y = 5
print(f.x, f.y, vars(f))
import torch.nn as nn
class Logged(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 1, 1)
    def __setattr__(self, name, value):
        print('module set', name)
        super().__setattr__(name, value)
m = Logged()
print([n for n, _ in m.named_parameters()])"""),
    # help() on a class: pydoc's page
    ("help_plain_class", POINT + """help(Point)"""),
    ("help_inheritance_and_descriptors", """class A:
    def f(self, k=1):
        'Doc f.'
        return 1
class B(A):
    '''B doc.'''
    def __init__(self, a):
        pass
    def g(self):
        pass
    @property
    def area(self):
        'The area.'
        return 1
    @staticmethod
    def s(x):
        pass
    @classmethod
    def c(cls):
        pass
    z = [1]
help(B)
class Empty:
    pass
help(Empty)"""),
    ("help_special_methods", """class P:
    def __init__(self, x, y=2):
        self.x = x
    def __eq__(self, o):
        return True
    def __repr__(self):
        return 'P'
help(P)"""),
    ("hash_eq_without_hash", """class P:
    def __eq__(self, o):
        return True
print(P.__hash__)
d = {P(): 1}"""),
    ("hash_default_identity", """class P:
    pass
a = P()
d = {a: 'a'}
print(d[a], a in d, P() in d)"""),
    # nn.Module subclasses
    ("module_basic_net", NET + """torch.manual_seed(0)
net = Net(1, 4)
print(net)
y = net(torch.ones(1, 1, 5, 5))
print(y.shape)
print([(n, tuple(p.shape)) for n, p in net.named_parameters()])
print(list(net.state_dict().keys()))
print(len(list(net.children())), len(list(net.modules())), sum(p.numel() for p in net.parameters()))"""),
    ("module_types", NET + """net = Net(1, 2)
print(isinstance(net, nn.Module), isinstance(net, Net), issubclass(Net, nn.Module), isinstance(net.conv, nn.Conv2d))
print(type(net), type(net).__name__, net.__class__.__name__, type(net.up))
print(Net.__mro__)"""),
    ("module_forward_values", NET + """torch.manual_seed(1)
net = Net(1, 1)
x = torch.arange(9.).reshape(1, 1, 3, 3)
print(net(x).detach())
print(net.forward(x).shape)"""),
    ("module_forward_keyword", """import torch
import torch.nn as nn
class Scale(nn.Module):
    def __init__(self):
        super().__init__()
    def forward(self, x, factor=2):
        return x * factor
s = Scale()
print(s(torch.ones(2)), s(torch.ones(2), factor=5), s)"""),
    ("module_forward_too_many", """import torch
import torch.nn as nn
class Scale(nn.Module):
    def forward(self, x):
        return x
Scale()(torch.ones(1), torch.ones(1))"""),
    ("module_missing_forward", """import torch
import torch.nn as nn
class NoForward(nn.Module):
    def __init__(self):
        super().__init__()
NoForward()(torch.ones(1))"""),
    ("module_init_arguments_missing", NET + """Net(1)"""),
    ("module_assign_module_before_init", """import torch.nn as nn
class Bad(nn.Module):
    def __init__(self):
        self.conv = nn.Conv2d(1, 1, 3)
Bad()"""),
    ("module_assign_parameter_before_init", """import torch
import torch.nn as nn
class Bad(nn.Module):
    def __init__(self):
        self.w = nn.Parameter(torch.zeros(1))
Bad()"""),
    ("module_missing_attribute", NET + """net = Net(1, 1)
net.nothing"""),
    ("module_nested_user_modules", """import torch
import torch.nn as nn
class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
        self.bn = nn.BatchNorm2d(c)
    def forward(self, x):
        return self.bn(self.conv(x))
class Tower(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.Sequential(Block(2), Block(2))
        self.head = nn.Conv2d(2, 1, 1)
    def forward(self, x):
        return self.head(self.blocks(x))
torch.manual_seed(0)
t = Tower()
print(t)
print(t(torch.ones(1, 2, 4, 4)).shape)
print([n for n, _ in t.named_modules()])"""),
    ("module_extra_repr", """import torch.nn as nn
class Gain(nn.Module):
    def __init__(self, g):
        super().__init__()
        self.g = g
    def extra_repr(self):
        return f'g={self.g}'
class Holder(nn.Module):
    def __init__(self):
        super().__init__()
        self.gain = Gain(3)
print(Gain(2))
print(Holder())"""),
    ("module_train_eval", NET + """net = Net(1, 1)
net.eval()
print(net.training, net.conv.training, net.up.training)
net.train()
print(net.training, net.conv.training)"""),
    ("module_register_buffer", """import torch
import torch.nn as nn
class Norm(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer('mean', torch.zeros(2))
        self.weight = nn.Parameter(torch.ones(2))
    def forward(self, x):
        return (x - self.mean) * self.weight
n = Norm()
print(list(n.state_dict().keys()), [b.shape for b in n.buffers()])
print(n(torch.tensor([1., 2.])).detach())"""),
    ("module_inheritance_super_forward", """import torch
import torch.nn as nn
class Base(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.k = k
    def forward(self, x):
        return x + self.k
class Twice(Base):
    def __init__(self):
        super().__init__(10)
    def forward(self, x):
        return super().forward(x) * 2
print(Twice()(torch.ones(2)), Twice())"""),
    ("module_load_state_dict_between_instances", NET + """torch.manual_seed(0)
a = Net(1, 2)
torch.manual_seed(1)
b = Net(1, 2)
print(torch.equal(a.conv.weight, b.conv.weight))
print(b.load_state_dict(a.state_dict()))
print(torch.equal(a.conv.weight, b.conv.weight))"""),
    ("module_shape_walk", """import torch
import torch.nn as nn
class Generator(nn.Module):
    def __init__(self, nz=8, ngf=4):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ConvTranspose2d(ngf * 2, 1, 4, 2, 1, bias=False),
        )
    def forward(self, z):
        return self.main(z)
torch.manual_seed(0)
g = Generator()
x = torch.randn(1, 8, 1, 1)
for layer in g.main:
    x = layer(x)
    print(f'{type(layer).__name__:>16} -> {tuple(x.shape)}')
print(g(torch.randn(2, 8, 1, 1)).shape)
print(g)"""),
    ("module_property_and_method", """import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 3)
    @property
    def channels(self):
        return self.conv.out_channels
    def describe(self):
        return f'{type(self).__name__} with {self.channels} channels'
net = Net()
print(net.channels, net.describe())"""),
    ("module_reassign_submodule_keeps_order", """import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(1, 1, 1)
        self.b = nn.Conv2d(1, 1, 3)
        self.a = nn.Conv2d(1, 2, 5)
net = Net()
print(net)
net.c = nn.Conv2d(2, 2, 1)
print([n for n, _ in net.named_children()])"""),

]



def run_as_main(source, case_id):
    """Runs `source` as the `__main__` module, as a notebook's cells run: pydoc then
    finds a method's class (and the docstring it inherits) as it does in a session."""
    module = types.ModuleType("__main__")
    saved = sys.modules["__main__"]
    sys.modules["__main__"] = module
    try:
        stdout, error, _, _, _ = run_program(source, f"<{case_id}>", module.__dict__)
    finally:
        sys.modules["__main__"] = saved
    return stdout, error


def main():
    exit_on_duplicate_ids(CASES)
    cases = []
    for case_id, source in CASES:
        stdout, error = run_as_main(source, case_id)
        cases.append({"id": case_id, "source": source, "stdout": stdout, "error": error})
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"torch": torch.__version__, "python": sys.version.split()[0], "cases": cases},
                                 indent=1, ensure_ascii=False) + "\n")
    errors = sum(1 for c in cases if c["error"])
    print(f"{len(cases)} cases ({errors} ending in an error) from Python {sys.version.split()[0]}, PyTorch {torch.__version__} -> {OUTPUT}")


if __name__ == "__main__":
    main()
