"""Runs widget programs with real ipywidgets 8.1.9 (no kernel, as `convlab run` has
none) and records what each prints, for Tests/ConvLabWidgetsTests: the language's
widget classes, observers, interact and links must print the same.

    .venv/bin/python scripts/generate_widget_language_fixtures.py
"""
import contextlib
import io
import json
import os
import re
import sys
import textwrap
import traceback
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "Tests" / "ConvLabWidgetsTests" / "Fixtures" / "programs.json"

PRELUDE = "from ipywidgets import *\nimport ipywidgets as widgets\nfrom IPython.display import display\n"

CASES = {
    "reprs": """
        print(IntSlider())
        print(IntSlider(min=1, max=5, value=2, description='stride'))
        print(FloatSlider(value=0.5, min=0.0, max=1.0, step=0.1))
        print(IntRangeSlider(min=0, max=10, value=(2, 7)))
        print(Dropdown(options=['zeros', 'reflect'], value='reflect', description='mode'))
        print(Checkbox(value=True, description='bias'))
        print(ToggleButtons(options=['a', 'b', 'c']))
        print(Play(min=0, max=8, interval=300))
        print(Label('kernel'), HTML(value='<b>x</b>'))
        print(Output())
        print(Layout(width='50%'))
        print(HBox([IntSlider(description='a'), Checkbox()]))
        print(VBox())
    """,
    "positional_arguments": """
        s = IntSlider(3, 0, 10, 2)
        print(s, s.step)
        print(Checkbox(True).value, Label('text').value, FloatSlider(2.5).value)
    """,
    "traits_read_and_written": """
        s = IntSlider(min=1, max=5, value=2, description='stride')
        print(s.value, s.min, s.max, s.step, s.description, s.disabled, s.orientation, s.readout)
        s.value = 4
        s.description = 'padding'
        print(s)
        s.value = 9
        print(s.value)
        s.max = 3
        print(s.value, s.max)
        s.value = -4
        print(s.value)
        f = FloatSlider(min=0, max=2, value=1)
        print(f.value, type(f.value).__name__, f.max)
        f.value = 3
        print(f.value)
        r = IntRangeSlider(min=0, max=10, value=(2, 7))
        print(r.value, r.lower, r.upper)
        try:
            r.value = (8, 3)
        except Exception as e:
            print(type(e).__name__, e, r.value)
    """,
    "trait_errors": """
        s = IntSlider(min=1, max=5, value=2)
        def attempt(text, action):
            try:
                action()
            except Exception as e:
                print(text, '->', type(e).__name__ + ':', e)
        def set_min(): s.min = 7
        def set_text(): s.value = 'a'
        def set_float(): s.value = 2.5
        def set_none(): s.max = None
        def set_description(): s.description = 3
        attempt('s.min = 7', set_min)
        attempt("s.value = 'a'", set_text)
        attempt('s.value = 2.5', set_float)
        attempt('s.max = None', set_none)
        attempt('s.description = 3', set_description)
        attempt('IntSlider(min=5, max=1)', lambda: IntSlider(min=5, max=1))
        attempt('s.lower', lambda: s.lower)
        attempt("Dropdown(options=['a', 'b'], value='c')", lambda: Dropdown(options=['a', 'b'], value='c'))
        print(s)
    """,
    "observe": """
        s = IntSlider(min=1, max=5, value=2, description='stride')
        seen = []
        def on_change(change):
            seen.append((change['name'], change['old'], change['new'], change.type, change.owner is s))
        s.observe(on_change, names='value')
        s.value = 4
        s.value = 4
        s.value = 9
        s.min = 1
        s.description = 'x'
        print(seen)
        everything = []
        s.observe(lambda change: everything.append(change.name), names=['max', 'description'])
        s.max = 7
        s.description = 'y'
        s.value = 1
        print(everything, seen[-1])
        s.unobserve(on_change, names='value')
        s.value = 3
        print(len(seen))
        printed = []
        s.observe(lambda change: printed.append(str(change)), names='value')
        s.value = 2
        print(printed)
    """,
    "observe_lists_per_name": """
        s = IntSlider(value=1)
        calls = []
        def f(change):
            calls.append(('f', change['name'], change['new']))
        s.observe(f, ['value', 'max'])
        s.unobserve(f, 'value')
        s.observe(f, 'min')
        s.observe(f, 'min')
        s.observe(f)
        s.observe(f)
        s.value = 3
        s.max = 50
        s.min = 1
        s.step = 2
        print(calls)
        class Watcher:
            def __init__(self):
                self.seen = []
            def on_change(self, change):
                self.seen.append(change.new)
        watcher = Watcher()
        s.observe(watcher.on_change, names='value')
        s.value = 4
        s.unobserve(watcher.on_change, names='value')
        s.value = 5
        print(watcher.seen)
        try:
            s.unobserve(watcher.on_change, names='value')
        except ValueError as e:
            print('ValueError', e)
        s.unobserve(watcher.on_change, names='description')
        print('no list, nothing to remove')
    """,
    "layout_style_and_attributes": """
        s = IntSlider(style={'description_width': 'initial'}, layout={'width': '300px'})
        print(s.style.description_width, s.layout.width, type(s.style).__name__, type(s.layout).__name__)
        print(s)
        s.layout = Layout(height='20px')
        print(s.layout.height, s.layout.width)
        try:
            IntSlider(layout=5)
        except Exception as e:
            print(type(e).__name__, e)
        s.note = 'kept'
        print(s.note)
        b = HBox([s])
        s.close()
        print(b.children[0] is s, b.children)
        w = interactive(lambda k: k * 10, k=(1, 5))
        print(w.result, w.kwargs)
        w.children[0].value = 4
        print(w.result, w.kwargs)
    """,
    "observer_raises_into_the_setter": """
        s = IntSlider(value=1)
        def broken(change):
            raise ValueError('no ' + str(change['new']))
        s.observe(broken, names='value')
        try:
            s.value = 5
        except ValueError as e:
            print('raised:', e, 'value now', s.value)
    """,
    "dropdown": """
        d = Dropdown(options=['zeros', 'reflect', 'replicate'], description='mode')
        print(d.value, d.index, d.label, d.options)
        d.value = 'replicate'
        print(d.value, d.index, d.label)
        d.index = 1
        print(d.value, d.label)
        d.label = 'zeros'
        print(d.value, d.index)
        t = ToggleButtons(options=[('one', 1), ('two', 2)])
        print(t.value, t.label, t.options)
        t.value = 2
        print(t.label, t.index)
    """,
    "boxes_and_links": """
        a = IntSlider(description='a')
        b = IntSlider(description='b')
        box = HBox([a, b])
        print(box.children[0] is a, box.children[1] is b, len(box.children))
        link = jslink((a, 'value'), (b, 'value'))
        print(link)
        print(type(link).__name__, link.source[0] is a, link.source[1], link.target[1])
        d = jsdlink((a, 'value'), (b, 'max'))
        print(type(d).__name__)
        v = VBox(children=[box, Label('x')])
        print(v.children[0].children[1] is b)
        print(isinstance(a, widgets.Widget), isinstance(a, IntSlider), isinstance(a, FloatSlider), type(a))
    """,
    "output_widget": """
        out = Output()
        out.append_stdout('one\\n')
        out.append_stderr('two\\n')
        print(out.outputs)
        out.clear_output()
        print(out)
        with out:
            print('printed inside with, no kernel')
        print(out.outputs)
    """,
    "interact": """
        def show(stride, mode):
            print(f'stride={stride} mode={mode}')
        f = interact(show, stride=(1, 4), mode=['zeros', 'reflect'])
        print(f is show)
        def area(h=3, w=2.5, square=False):
            return h * w
        interact(area)
        interact(area, h=(0, 10, 2), w=(0.0, 1.0))
        w = interactive(lambda k: k * 10, k=(1, 5))
        print(type(w).__name__, len(w.children), w.children[0].value)
        @interact(x=(1, 3))
        def double(x):
            print('double', 2 * x)
        print(double(5))
        interact(lambda a, b: print(a, b), a=fixed(7), b=True)
        interact(lambda n: print(n), n=IntSlider(min=0, max=3, value=1, description='given'))
        interact(lambda z: print('z', z), z=-4)
        interact(lambda z: print('z', z), z=0)
    """,
    "interact_errors": """
        def attempt(text, action):
            try:
                action()
            except Exception as e:
                print(text, '->', type(e).__name__ + ':', e)
        attempt('interact(lambda a: a)', lambda: interact(lambda a: a))
        attempt('a=(1,)', lambda: interact(lambda a: a, a=(1,)))
        attempt('a=None', lambda: interact(lambda a: a, a=None))
        attempt('b=3', lambda: interact(lambda a: a, a=(1, 2), b=3))
        attempt('a=(1, 4, 0)', lambda: interact(lambda a: a, a=(1, 4, 0)))
        attempt('a=HBox()', lambda: interact(lambda a: a, a=HBox()))
        interact(lambda a: 1 / 0, a=(1, 2))
        print('interact showed the error and went on')
    """,
}


def run(code):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            exec(compile(PRELUDE + code, "<program>", "exec"), {"__name__": "__main__"})
        except Exception:
            traceback.print_exc(file=out)
    # IPython's clear_output(wait=True) in a terminal writes line-clearing escapes; a
    # kernel sends a clear_output message instead.
    return re.sub(r"\x1b\[2K|\r", "", out.getvalue())


def main():
    cases = [{"name": name, "code": textwrap.dedent(code).strip() + "\n", "stdout": run(textwrap.dedent(code))}
             for name, code in CASES.items()]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"prelude": PRELUDE, "cases": cases}, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} programs to {OUT}")


if __name__ == "__main__":
    # traitlets checks crossed bounds in an order that follows string hashing
    # (`IntSlider(min=5, max=1)` says "setting min > max" or "setting max < min"), so the
    # programs run under one fixed hash seed.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    main()
