#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/hosts/hosts.json from CPython 3.11.

ConvLang lets a Swift module outside the language define Python classes (host
classes, such as the widget bridge's `IntSlider`). The Swift tests define one such
class, `Counter` (module `demo.widgets`, with a `TraitError` of `traitlets.traitlets`),
in `Tests/ConvLangTests/Support/TestCounter.swift`. `PRELUDE` below is the same class
written in Python: each case runs after it, in a fresh namespace, and what it prints
and the exception that stops it ("TypeName: message") are what ConvLang must give with
the Swift class (HostObjectTests), object addresses masked on both sides.

Run with the Python the expected outputs must come from:

    /work/main/.venv/bin/python scripts/generate_host_fixtures.py
"""

import pathlib
import sys

from program_fixtures import run_program, write_fixture

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/hosts/hosts.json"

PRELUDE = '''
class TraitError(Exception):
    pass
TraitError.__module__ = "traitlets.traitlets"

class Counter:
    __slots__ = ("_value", "step", "description", "_observers")

    def __init__(self, value=0, step=1, description=""):
        self._observers = []
        self._value = 0
        self.value = value
        self.step = step
        self.description = description

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, new):
        if type(new) is not int:
            raise TraitError(f"The 'value' trait of a Counter instance expected an int, not the {type(new).__name__} {new!r}.")
        old = self._value
        self._value = new
        for handler in list(self._observers):
            handler({"name": "value", "old": old, "new": new, "owner": self, "type": "change"})

    def bump(self, by=1):
        self.value = self._value + by * self.step
        return self._value

    def observe(self, handler, names="value"):
        self._observers.append(handler)

    def __repr__(self):
        return f"Counter(value={self._value!r}, description={self.description!r})"
Counter.__module__ = "demo.widgets"
'''

CASES = [
    ("host_construct_1", 'c = Counter(2, description="stride")\nprint(c)\nprint(repr(c), str(c))\nprint([c, Counter()])'),
    ("host_construct_2", 'c = Counter(value=3, step=2)\nprint(c.value, c.step, c.description)'),
    ("host_construct_3", 'c = Counter(value="a")'),
    ("host_construct_5", 'c = Counter(1, 2, "d", 4)'),
    ("host_construct_6", 'c = Counter(foo=1)'),
    ("host_construct_7", 'c = Counter(1, value=2)'),
    ("host_method_5", 'c = Counter()\nc.observe()'),
    ("host_construct_4", 'c = Counter(**{"value": 4, "description": "d"})\nprint(c)'),
    ("host_type_1", 'c = Counter()\nprint(type(c))\nprint(type(c).__name__, type(c).__module__, type(c).__qualname__)\nprint(c.__class__)'),
    ("host_type_2", 'c = Counter()\nprint(isinstance(c, Counter), isinstance(c, object), isinstance(1, Counter), isinstance(c, (int, Counter)))\nprint(type(c) is Counter, type(c) == Counter, isinstance(c, int))'),
    ("host_type_3", 'print(Counter)\nprint(type(Counter))\nprint(callable(Counter), callable(Counter()), callable(Counter().bump))'),
    ("host_attribute_1", 'c = Counter()\nc.value = 3\nc.description = "s"\nc.step = 5\nprint(c.value, c.step, c.description)\nprint(c)'),
    ("host_attribute_2", 'c = Counter()\nc.value += 4\nc.value *= 2\nprint(c.value)'),
    ("host_attribute_3", 'c = Counter()\nprint(c.x)'),
    ("host_attribute_4", 'c = Counter()\nc.x = 1'),
    ("host_attribute_5", 'c = Counter()\nprint(getattr(c, "value"), hasattr(c, "x"), hasattr(c, "bump"), getattr(c, "x", 7))\nsetattr(c, "value", 4)\nprint(c.value)'),
    ("host_attribute_6", 'c = Counter()\nsetattr(c, "y", 4)'),
    ("host_trait_error_1", 'c = Counter()\nc.value = "a"'),
    ("host_trait_error_2", 'c = Counter()\ntry:\n    c.value = 1.5\nexcept Exception as e:\n    print(type(e).__name__, e)\n    print(type(e))\nprint(c.value)'),
    ("host_trait_error_3", 'c = Counter()\ntry:\n    c.value = None\nexcept TraitError as e:\n    print(repr(e))\n    print(isinstance(e, Exception), isinstance(e, TraitError))'),
    ("host_trait_error_4", 'c = Counter()\ntry:\n    c.value = [1]\nexcept ValueError:\n    print("not a ValueError")'),
    ("host_method_1", 'c = Counter()\nprint(c.bump(), c.bump(by=2))\nc.step = 5\nprint(c.bump())\nprint(c)'),
    ("host_method_2", 'c = Counter()\nprint(c.bump)\nprint(type(c.bump).__name__)\nf = c.bump\nf()\nprint(c.value)'),
    ("host_method_3", 'c = Counter()\nc.bump(1, 2)'),
    ("host_method_4", 'c = Counter()\nc.bump(step=2)'),
    ("host_identity_1", 'a = Counter()\nb = Counter()\nprint(a is a, a is b, a == a, a == b, a != b, a is not b)'),
    ("host_identity_2", 'a = Counter()\nb = Counter()\nd = {a: 1, b: 2}\nprint(d[a], d[b], a in d, len({a, b, a}), hash(a) == hash(a))'),
    ("host_identity_3", 'a = Counter()\nb = Counter()\nprint(a in [b, a], [a, b].index(b), [b].count(a), a in (b,))'),
    ("host_identity_4", 'a = Counter()\nprint(bool(a), not a)\nif a:\n    print("yes")\nprint(a or 1, None or a)'),
    ("host_format_1", 'c = Counter(1, description="x")\nprint(f"{c}", f"{c!r}", "%s" % (c,), "{}".format(c))'),
    ("host_observe_1", 'def show(change):\n    print("changed", change["old"], "->", change["new"], change["name"])\nc = Counter()\nc.observe(show, names="value")\nc.value = 4\nc.bump()'),
    ("host_observe_2", 'c = Counter()\nc.observe(lambda ch: print(ch["type"], ch["new"], ch["owner"] is c))\nc.value = 2\nc.value = 3'),
    ("host_observe_3", 'class Log:\n    def __init__(self):\n        self.seen = []\n    def record(self, change):\n        self.seen.append(change["new"])\nlog = Log()\nc = Counter()\nc.observe(log.record)\nfor i in range(3):\n    c.value = i * 10\nprint(log.seen)'),
    ("host_observe_4", 'def bad(change):\n    return 1 / 0\nc = Counter()\nc.observe(bad)\nc.value = 2'),
    ("host_observe_5", 'def bad(change):\n    raise ValueError("no " + str(change["new"]))\nc = Counter()\nc.observe(bad)\ntry:\n    c.value = 2\nexcept ValueError as e:\n    print("caught", e)\nprint(c.value)'),
    ("host_observe_6", 'seen = []\nc = Counter()\nc.observe(seen.append)\nc.value = 5\nprint([ch["new"] for ch in seen])'),
    ("host_type_4", 'print(issubclass(Counter, object), issubclass(Counter, int), Counter.__mro__, Counter.__bases__)\nprint(Counter.__name__, Counter.__module__)'),
    ("host_errors_8", 'c = Counter()\nformat(c, "10")'),
    ("host_errors_9", 'sorted([Counter(), Counter()])'),
    ("host_errors_10", 'c = Counter()\nvars(c)'),
    ("host_errors_11", 'c = Counter()\nc.bump.x'),
    ("host_method_6", 'c = Counter()\nm = c.bump\nprint(m.__self__ is c, m.__name__, m.__qualname__)'),
    ("host_identity_5", 'a = Counter()\nb = a\nb.value = 9\nprint(a.value, id(a) == id(b), a is b)\nl = [a]\nl[0].value = 1\nprint(a)'),
    ("host_method_7", 'c = Counter()\nprint(c.bump == c.bump, c.bump is c.bump, c.bump == Counter().bump, c.bump != c.observe, hash(c.bump) == hash(c.bump))\nx = [1]\nprint(x.append == x.append, x.append == [1].append)'),
    ("host_errors_12", 'c = Counter()\ndel c.x'),
    ("host_import_1", 'import torch.nnx'),
    ("host_import_2", 'import torch.nn\nprint(torch.nn.Conv2d(1, 1, 1).stride)'),
    ("host_errors_1", 'c = Counter()\nlen(c)'),
    ("host_errors_2", 'c = Counter()\nc[0]'),
    ("host_errors_3", 'c = Counter()\nc()'),
    ("host_errors_4", 'c = Counter()\nfor x in c:\n    pass'),
    ("host_errors_5", 'c = Counter()\nc + 1'),
    ("host_errors_6", 'a = Counter()\nb = Counter()\na < b'),
    ("host_errors_7", 'c = Counter()\nc.value = 1\nc.bump(by="x")'),
]


def run(source):
    """The case's output and error, run after the prelude in a fresh namespace."""
    namespace = {"__name__": "__main__"}
    exec(compile(PRELUDE, "<prelude>", "exec"), namespace)
    stdout, error, _, _, _ = run_program(source, "<cell>", namespace)
    return stdout, error


if __name__ == "__main__":
    write_fixture(CASES, OUTPUT, {"python": sys.version.split()[0]}, run)
