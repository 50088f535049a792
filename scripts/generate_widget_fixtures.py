#!/usr/bin/env python3
"""Generate the JupyterWidgets fixtures from real ipywidgets 8.1.9.

    .venv/bin/python scripts/generate_widget_fixtures.py

Writes into Tests/JupyterWidgetsTests/Fixtures/:
  models.json     every model ConvLab offers: its Python class, its full default state
                  (ipywidgets' `get_state()`, the comm_open data), the models it opens
                  first (layout, style) and, per synced trait, its kind and repr default;
  scenarios.json  scripted scenarios (create, set, frontend messages, observe, repr,
                  jslink, Output, close, the control comm) run through real ipywidgets
                  with a recording comm: every message published, every observer
                  change, every repr and every TraitError text, step by step.
and Sources/JupyterWidgets/Models/WidgetDefaults.swift (generated, do not edit).

Comm and model ids are normalised to ID0, ID1, ... in order of first appearance.
The widget layer's tests replay each scenario and compare step by step.
"""

import base64
import copy
import json
import re
import sys
from pathlib import Path

import comm
import ipywidgets
import traitlets
from IPython.core.interactiveshell import InteractiveShell
from comm.base_comm import BaseComm
from ipywidgets.widgets import widget as widget_module
from ipywidgets.widgets.trait_types import TypedTuple

assert ipywidgets.__version__ == "8.1.9", ipywidgets.__version__

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "JupyterWidgetsTests" / "Fixtures"
SWIFT_DEFAULTS = ROOT / "Sources" / "JupyterWidgets" / "Models" / "WidgetDefaults.swift"

MODELS = [
    "IntSlider", "FloatSlider", "IntRangeSlider", "Dropdown", "Checkbox", "ToggleButtons", "Play",
    "Label", "HTML", "Output", "HBox", "VBox", "Layout", "SliderStyle", "DescriptionStyle",
    "ToggleButtonsStyle", "CheckboxStyle", "HTMLStyle", "LabelStyle", "Link", "DirectionalLink",
]

# ---------------------------------------------------------------------------------------
# A comm that records what it publishes instead of talking to a kernel.

RECORD = []


class RecordingComm(BaseComm):
    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        content = dict(data=data if data is not None else {}, comm_id=self.comm_id, **keys)
        RECORD.append({
            "event": "message",
            "msg_type": msg_type,
            "content": content,
            "metadata": metadata if metadata is not None else {},
            "buffers": [base64.b64encode(bytes(b)).decode("ascii") for b in (buffers or [])],
        })


class RecordingCommManager:
    def __init__(self):
        self.comms = {}

    def register_comm(self, c):
        self.comms[c.comm_id] = c

    def unregister_comm(self, c):
        self.comms.pop(c.comm_id, None)


MANAGER = RecordingCommManager()


# ipywidgets' _show_traceback shows an error from a frontend message with IPython's
# showtraceback (an `error` on iopub in a kernel): record it instead.
def record_traceback(*args, **kwargs):
    _, e, _ = sys.exc_info()
    RECORD.append({"event": "frontend_error", "type": type(e).__name__, "message": str(e)})


SHELL = InteractiveShell.instance()
SHELL.showtraceback = record_traceback
comm.get_comm_manager = lambda: MANAGER
comm.create_comm = lambda **kwargs: RecordingComm(**kwargs)
widget_module.comm.create_comm = comm.create_comm


def frontend_msg(c, data, buffers=()):
    # ipykernel hands a comm's handler its buffers as memoryviews.
    c.handle_msg({"content": {"comm_id": c.comm_id, "data": copy.deepcopy(data)},
                  "buffers": [memoryview(base64.b64decode(b)) for b in buffers], "metadata": {}})


# ---------------------------------------------------------------------------------------
# Id normalisation.

ID_RE = re.compile(r"[0-9a-f]{32}")
# A memoryview's repr carries its address, which no two runs share.
ADDRESS_RE = re.compile(r"<memory at 0x[0-9a-f]+>")


class Normaliser:
    def __init__(self):
        self.ids = {}

    def __call__(self, x):
        if isinstance(x, dict):
            return {self(k): self(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [self(v) for v in x]
        if isinstance(x, str):
            x = ADDRESS_RE.sub("<memory at ADDRESS>", x)
            return ID_RE.sub(lambda m: self.ids.setdefault(m.group(0), "ID%d" % len(self.ids)), x)
        return x


def jsonable(x):
    if isinstance(x, ipywidgets.Widget):
        return "IPY_MODEL_" + x.model_id
    if isinstance(x, dict):
        return {k: jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, traitlets.Sentinel):
        raise TypeError("unexpected %r" % x)
    return x


# ---------------------------------------------------------------------------------------
# Model defaults.

def trait_kind(trait):
    if isinstance(trait, (traitlets.Bool,)):
        return "bool"
    if isinstance(trait, traitlets.CInt):
        return "cint"
    if isinstance(trait, traitlets.Int):
        return "int"
    if isinstance(trait, traitlets.CFloat):
        return "cfloat"
    if isinstance(trait, traitlets.Float):
        return "float"
    if isinstance(trait, (traitlets.Unicode, traitlets.CaselessStrEnum, traitlets.Enum)):
        return "str"
    if isinstance(trait, (traitlets.Tuple, TypedTuple, traitlets.List)):
        return "tuple"
    if isinstance(trait, traitlets.Instance):
        return "widget"
    return "any"


def model_class(name):
    for module in (ipywidgets, ipywidgets.widgets.widget_description, ipywidgets.widgets.widget_bool,
                   ipywidgets.widgets.widget_string, ipywidgets.widgets.widget_selection,
                   ipywidgets.widgets.widget_link):
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(name)


def model_defaults():
    result = {}
    for name in MODELS:
        cls = model_class(name)
        if name in ("Link", "DirectionalLink"):
            a, b = ipywidgets.IntSlider(), ipywidgets.IntSlider()
            w = cls((a, "value"), (b, "value"))
        else:
            w = cls()
        state = w.get_state()
        refs = {}
        for k, v in state.items():
            if isinstance(v, str) and v.startswith("IPY_MODEL_"):
                refs[k] = type(getattr(w, k)).__name__
                state[k] = "IPY_MODEL_"
        if name in ("Link", "DirectionalLink"):
            state["source"] = state["target"] = []
        traits = w.traits()
        read_only, kinds, infos, nullable, repr_defaults, empty_containers = [], {}, {}, [], {}, []
        for k in w.keys:
            t = traits[k]
            kinds[k] = trait_kind(t)
            infos[k] = t.info()
            if t.allow_none:
                nullable.append(k)
            if t.read_only:
                read_only.append(k)
            dv = t.default_value
            if dv is traitlets.Undefined:
                if isinstance(t, (traitlets.Container, traitlets.Dict)):
                    empty_containers.append(k)
            elif not isinstance(dv, ipywidgets.Widget):
                repr_defaults[k] = jsonable(dv)
        result[name] = {
            "python_class": type(w).__name__,
            "state": jsonable(state),
            "keys": list(w.keys),
            "submodels": refs,
            "kinds": kinds,
            "infos": infos,
            "nullable": nullable,
            "read_only": read_only,
            "value_widget": isinstance(w, ipywidgets.ValueWidget),
            "selection": isinstance(w, ipywidgets.widgets.widget_selection._Selection),
            "repr_defaults": repr_defaults,
            "empty_container_defaults": empty_containers,
            "repr": repr(w),
        }
        w.close()
    return result


# ---------------------------------------------------------------------------------------
# Scenarios: steps both sides can run.

def resolve(x, names):
    if isinstance(x, str) and x.startswith("@"):
        return names[x[1:]]
    if isinstance(x, list):
        return [resolve(v, names) for v in x]
    if isinstance(x, dict):
        return {k: resolve(v, names) for k, v in x.items()}
    return x


def python_kwargs(model, kwargs, names):
    out = {}
    for k, v in kwargs.items():
        v = resolve(v, names)
        if isinstance(v, list) and (k in ("children", "value", "tooltips", "icons")
                                    or (k == "options" and all(isinstance(i, list) for i in v))):
            v = tuple(tuple(i) if isinstance(i, list) else i for i in v) if k == "options" else tuple(v)
        out[k] = v
    return out


class Display:
    """An object IPython formats to a given mime bundle."""

    def __init__(self, bundle):
        self.bundle = bundle

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle


def lookup(name, names):
    """`s` or `s.layout`: a widget by its scenario name, or a widget-valued trait of one."""
    if name is None:
        return None
    head, *rest = name.split(".")
    w = names.get(head)
    for attr in rest:
        w = getattr(w, attr)
    return w


def run_step(step, names):
    try:
        run_step_unguarded(step, names)
    except (traitlets.TraitError, TypeError) as e:
        RECORD.append({"event": "error", "type": type(e).__name__, "message": str(e)})


def run_step_unguarded(step, names):
    op = step["op"]
    w = lookup(step.get("name"), names)
    if op == "create":
        cls = model_class(step["model"])
        names[step["name"]] = cls(**python_kwargs(step["model"], step.get("kwargs", {}), names))
    elif op == "set":
        # One change is a plain attribute assignment; several are made at once, as the
        # constructor makes them (traitlets' hold_trait_notifications).
        changes = python_kwargs(None, step["changes"], names)
        if len(changes) == 1:
            setattr(w, *next(iter(changes.items())))
        else:
            with w.hold_trait_notifications():
                for k, v in changes.items():
                    setattr(w, k, v)
    elif op == "get":
        RECORD.append({"event": "value", "key": step["key"], "value": jsonable(getattr(w, step["key"]))})
    elif op == "frontend":
        frontend_msg(w.comm, step["data"], step.get("buffers", []))
    elif op == "hold_sync":
        with w.hold_sync():
            for k, v in step["changes"]:
                setattr(w, k, resolve(v, names))
    elif op == "on_msg":
        w.on_msg(lambda widget, content, buffers: RECORD.append(
            {"event": "custom", "content": content, "buffers": [base64.b64encode(bytes(b)).decode("ascii") for b in buffers]}))
    elif op == "send":
        w.send(step["content"])
    elif op == "observe":
        def record(change, label=step.get("label", step["name"])):
            RECORD.append({"event": "change", "observer": label, "name": change["name"],
                           "old": jsonable(change["old"]), "new": jsonable(change["new"])})
        w.observe(record, names=step.get("names", traitlets.All))
    elif op == "repr":
        # ipywidgets returns no bundle for models without a view (links): IPython then
        # shows repr() as text/plain.
        bundle = w._repr_mimebundle_()
        RECORD.append({"event": "display", "data": jsonable(bundle), "repr": repr(w)})
    elif op == "close":
        w.close()
    elif op == "jslink":
        names[step["name"]] = ipywidgets.jslink(resolve(step["source"], names), resolve(step["target"], names))
    elif op == "jsdlink":
        names[step["name"]] = ipywidgets.jsdlink(resolve(step["source"], names), resolve(step["target"], names))
    elif op == "append_stdout":
        w.append_stdout(step["text"])
    elif op == "append_stderr":
        w.append_stderr(step["text"])
    elif op == "append_display_data":
        w.append_display_data(Display(step["bundle"]))
    elif op == "clear_output":
        # ipywidgets' Output.clear_output clears through the kernel's iopub capture (msg_id);
        # the outputs trait then becomes empty in the frontend. ConvLab empties the trait.
        w.outputs = ()
    elif op == "control":
        c = RecordingComm(target_name="jupyter.widget.control", primary=False, comm_id="c" * 32)
        ipywidgets.Widget.handle_control_comm_opened(c, {"metadata": {"version": "1.0.0"}})
        frontend_msg(c, step["data"])
    elif op == "frontend_open":
        c = RecordingComm(target_name="jupyter.widget", primary=False, comm_id=step["comm_id"])
        c.handle_msg = c.handle_msg  # keep BaseComm's dispatch to the widget's on_msg
        ipywidgets.Widget.handle_comm_opened(c, {"content": {"data": {"state": step["state"], "buffer_paths": []}},
                                               "metadata": {"version": "2.1.0"}, "buffers": []})
        names[step["name"]] = widget_module._instances[step["comm_id"]]
    else:
        raise ValueError(op)


def S(name, *steps):
    return {"name": name, "steps": list(steps)}


SCENARIOS = [
    S("create_each_model", *[{"op": "create", "name": m.lower(), "model": m} for m in MODELS
                             if m not in ("Link", "DirectionalLink")]),
    S("slider_kwargs_and_repr",
      {"op": "create", "name": "s", "model": "IntSlider", "kwargs": {"value": 2, "min": 1, "max": 5, "description": "stride"}},
      {"op": "repr", "name": "s"}),
    S("set_value_beyond_max",
      {"op": "create", "name": "s", "model": "IntSlider", "kwargs": {"value": 2, "min": 1, "max": 5}},
      {"op": "observe", "name": "s", "names": ["value"]},
      {"op": "set", "name": "s", "changes": {"value": 10}},
      {"op": "get", "name": "s", "key": "value"},
      {"op": "set", "name": "s", "changes": {"value": 5}},
      {"op": "set", "name": "s", "changes": {"value": 3}},
      {"op": "set", "name": "s", "changes": {"max": 2}},
      {"op": "set", "name": "s", "changes": {"min": 9}},
      {"op": "set", "name": "s", "changes": {"value": "a"}},
      {"op": "set", "name": "s", "changes": {"value": 1.7}},
      {"op": "repr", "name": "s"}),
    S("frontend_update_echo",
      {"op": "create", "name": "s", "model": "IntSlider", "kwargs": {"value": 2, "min": 1, "max": 5}},
      {"op": "observe", "name": "s", "names": ["value", "_view_count"]},
      {"op": "frontend", "name": "s", "data": {"method": "update", "state": {"value": 3}, "buffer_paths": []}},
      {"op": "frontend", "name": "s", "data": {"method": "update", "state": {"value": 3}, "buffer_paths": []}},
      {"op": "frontend", "name": "s", "data": {"method": "update", "state": {"value": 10}, "buffer_paths": []}},
      {"op": "frontend", "name": "s", "data": {"method": "update", "state": {"_view_count": 1}, "buffer_paths": []}},
      {"op": "get", "name": "s", "key": "value"}),
    S("request_state",
      {"op": "create", "name": "c", "model": "Checkbox", "kwargs": {"value": True, "description": "on"}},
      {"op": "frontend", "name": "c", "data": {"method": "request_state"}}),
    S("float_slider",
      {"op": "create", "name": "f", "model": "FloatSlider", "kwargs": {"value": 0.5, "min": 0, "max": 1, "step": 0.25}},
      {"op": "observe", "name": "f", "names": ["value"]},
      {"op": "set", "name": "f", "changes": {"value": 2}},
      {"op": "frontend", "name": "f", "data": {"method": "update", "state": {"value": 0.25}, "buffer_paths": []}},
      {"op": "set", "name": "f", "changes": {"value": "x"}},
      {"op": "repr", "name": "f"}),
    S("int_range_slider",
      {"op": "create", "name": "r", "model": "IntRangeSlider", "kwargs": {"min": 0, "max": 10}},
      {"op": "get", "name": "r", "key": "value"},
      {"op": "observe", "name": "r", "names": ["value"]},
      {"op": "set", "name": "r", "changes": {"value": [1, 20]}},
      {"op": "set", "name": "r", "changes": {"value": [8, 2]}},
      {"op": "set", "name": "r", "changes": {"min": 3}},
      {"op": "frontend", "name": "r", "data": {"method": "update", "state": {"value": [4, 12]}, "buffer_paths": []}},
      {"op": "repr", "name": "r"}),
    S("dropdown",
      {"op": "create", "name": "d", "model": "Dropdown", "kwargs": {"options": ["zeros", "reflect", "circular"], "description": "mode"}},
      {"op": "get", "name": "d", "key": "value"},
      {"op": "observe", "name": "d", "names": ["index", "label", "value", "options"]},
      {"op": "set", "name": "d", "changes": {"index": 2}},
      {"op": "set", "name": "d", "changes": {"value": "reflect"}},
      {"op": "set", "name": "d", "changes": {"label": "zeros"}},
      {"op": "set", "name": "d", "changes": {"value": "nope"}},
      {"op": "set", "name": "d", "changes": {"index": 7}},
      {"op": "frontend", "name": "d", "data": {"method": "update", "state": {"index": 1}, "buffer_paths": []}},
      {"op": "get", "name": "d", "key": "label"},
      {"op": "repr", "name": "d"}),
    S("dropdown_pairs",
      {"op": "create", "name": "d", "model": "Dropdown", "kwargs": {"options": [["one", 1], ["two", 2]], "value": 2}},
      {"op": "get", "name": "d", "key": "index"},
      {"op": "repr", "name": "d"}),
    S("toggle_buttons_checkbox_play",
      {"op": "create", "name": "t", "model": "ToggleButtons", "kwargs": {"options": ["a", "b"]}},
      {"op": "create", "name": "c", "model": "Checkbox", "kwargs": {"value": False, "description": "go"}},
      {"op": "create", "name": "p", "model": "Play", "kwargs": {"min": 0, "max": 4, "interval": 200}},
      {"op": "set", "name": "c", "changes": {"value": 3}},
      {"op": "frontend", "name": "p", "data": {"method": "update", "state": {"playing": True, "value": 1}, "buffer_paths": []}},
      {"op": "repr", "name": "t"}, {"op": "repr", "name": "c"}, {"op": "repr", "name": "p"}),
    S("label_html",
      {"op": "create", "name": "l", "model": "Label", "kwargs": {"value": "hello"}},
      {"op": "create", "name": "h", "model": "HTML", "kwargs": {"value": "<b>x</b>"}},
      {"op": "set", "name": "h", "changes": {"value": "<i>y</i>"}},
      {"op": "repr", "name": "l"}, {"op": "repr", "name": "h"}),
    S("hbox_of_two_sliders",
      {"op": "create", "name": "a", "model": "IntSlider", "kwargs": {"description": "a"}},
      {"op": "create", "name": "b", "model": "IntSlider", "kwargs": {"description": "b"}},
      {"op": "create", "name": "box", "model": "HBox", "kwargs": {"children": ["@a", "@b"]}},
      {"op": "create", "name": "v", "model": "VBox", "kwargs": {"children": ["@box"]}},
      {"op": "repr", "name": "box"}, {"op": "repr", "name": "v"},
      {"op": "set", "name": "box", "changes": {"children": ["@b"]}}),
    S("jslink",
      {"op": "create", "name": "a", "model": "IntSlider"},
      {"op": "create", "name": "b", "model": "IntSlider"},
      {"op": "jslink", "name": "l", "source": ["@a", "value"], "target": ["@b", "value"]},
      {"op": "jsdlink", "name": "d", "source": ["@a", "max"], "target": ["@b", "max"]},
      {"op": "close", "name": "l"}),
    S("output_append_clear",
      {"op": "create", "name": "o", "model": "Output"},
      {"op": "append_stdout", "name": "o", "text": "hello\n"},
      {"op": "append_stderr", "name": "o", "text": "oops\n"},
      {"op": "append_display_data", "name": "o", "bundle": {"text/plain": "x", "text/html": "<b>x</b>"}},
      {"op": "clear_output", "name": "o"}),
    S("close",
      {"op": "create", "name": "s", "model": "IntSlider"},
      {"op": "close", "name": "s"},
      {"op": "close", "name": "s"},
      {"op": "set", "name": "s", "changes": {"value": 4}}),
    S("layout_and_style",
      {"op": "create", "name": "s", "model": "IntSlider", "kwargs": {"value": 1}},
      {"op": "set", "name": "s", "changes": {"description": "k"}},
      {"op": "repr", "name": "s"}),
    S("control_request_states",
      {"op": "create", "name": "c", "model": "Checkbox"},
      {"op": "control", "data": {"method": "request_states"}}),
    S("set_several_at_once",
      {"op": "create", "name": "s", "model": "IntSlider", "kwargs": {"value": 2, "max": 5}},
      {"op": "observe", "name": "s", "names": ["value", "max"]},
      {"op": "set", "name": "s", "changes": {"max": 20, "value": 15}},
      {"op": "set", "name": "s", "changes": {"max": 30, "min": 40}},
      {"op": "get", "name": "s", "key": "max"},
      {"op": "set", "name": "s", "changes": {"max": 3}},
      {"op": "set", "name": "s", "changes": {"readout_format": 3}},
      {"op": "set", "name": "s", "changes": {"step": None}},
      {"op": "set", "name": "s", "changes": {"tooltip": "tip"}},
      {"op": "set", "name": "s", "changes": {"_view_count": None}},
      {"op": "repr", "name": "s"}),
    S("constructor_validation",
      {"op": "create", "name": "a", "model": "IntSlider", "kwargs": {"value": 10, "max": 5}},
      {"op": "get", "name": "a", "key": "value"},
      {"op": "create", "name": "b", "model": "IntSlider", "kwargs": {"min": 200}},
      {"op": "create", "name": "c", "model": "Dropdown", "kwargs": {"options": []}},
      {"op": "repr", "name": "c"},
      {"op": "create", "name": "d", "model": "FloatSlider", "kwargs": {"value": 0.1, "step": 0.00001}},
      {"op": "repr", "name": "d"},
      {"op": "create", "name": "e", "model": "HTML", "kwargs": {"value": "it's"}},
      {"op": "repr", "name": "e"},
      {"op": "create", "name": "f", "model": "Checkbox", "kwargs": {"value": 1}},
      {"op": "get", "name": "f", "key": "value"}),
    S("dropdown_options_change",
      {"op": "create", "name": "d", "model": "Dropdown", "kwargs": {"options": ["a", "b", "c"], "index": 1}},
      {"op": "observe", "name": "d", "names": ["index", "label", "value", "options"]},
      {"op": "set", "name": "d", "changes": {"options": ["x", "y"]}},
      {"op": "set", "name": "d", "changes": {"options": ["p", "q"]}},
      {"op": "set", "name": "d", "changes": {"options": []}},
      {"op": "get", "name": "d", "key": "value"},
      {"op": "repr", "name": "d"},
      {"op": "create", "name": "t", "model": "ToggleButtons", "kwargs": {"options": [["one", 1], ["two", 2]]}},
      {"op": "set", "name": "t", "changes": {"value": 2}},
      {"op": "get", "name": "t", "key": "label"},
      {"op": "frontend", "name": "t", "data": {"method": "update", "state": {"index": 9}, "buffer_paths": []}},
      {"op": "get", "name": "t", "key": "index"}),
    S("frontend_refusals",
      {"op": "create", "name": "s", "model": "IntSlider", "kwargs": {"value": 2, "max": 5}},
      {"op": "observe", "name": "s", "names": ["value", "min"]},
      {"op": "frontend", "name": "s", "data": {"method": "update", "state": {"value": "abc"}, "buffer_paths": []}},
      {"op": "frontend", "name": "s", "data": {"method": "update", "state": {"min": 3, "value": 1}, "buffer_paths": []}},
      {"op": "frontend", "name": "s", "data": {"method": "update", "state": {"nonsense": 1}, "buffer_paths": []}},
      {"op": "frontend", "name": "s", "data": {"method": "update", "state": {}, "buffer_paths": [["value"]]}, "buffers": ["AAEC"]},
      {"op": "frontend", "name": "s", "data": {"method": "frobnicate"}},
      {"op": "get", "name": "s", "key": "value"},
      {"op": "create", "name": "r", "model": "IntRangeSlider", "kwargs": {"value": [1, 2]}},
      {"op": "frontend", "name": "r", "data": {"method": "update", "state": {"value": [5, 2]}, "buffer_paths": []}},
      {"op": "create", "name": "c", "model": "Checkbox"},
      {"op": "frontend", "name": "c", "data": {"method": "update", "state": {"value": 1}, "buffer_paths": []}},
      {"op": "create", "name": "f", "model": "FloatSlider"},
      {"op": "frontend", "name": "f", "data": {"method": "update", "state": {"value": 3}, "buffer_paths": []}},
      {"op": "get", "name": "f", "key": "value"}),
    S("hold_sync",
      {"op": "create", "name": "s", "model": "IntSlider", "kwargs": {"value": 2, "max": 5}},
      {"op": "observe", "name": "s", "names": ["value", "max", "description"]},
      {"op": "hold_sync", "name": "s", "changes": [["max", 10], ["value", 8], ["description", "k"], ["value", 9]]},
      {"op": "hold_sync", "name": "s", "changes": [["value", 9]]},
      {"op": "hold_sync", "name": "s", "changes": [["max", 3]]}),
    S("long_repr_cut_at_110",
      {"op": "create", "name": "s", "model": "IntSlider", "kwargs": {"description": "e\u0301" * 60}},
      {"op": "repr", "name": "s"}),
    S("custom_messages",
      {"op": "create", "name": "p", "model": "Play"},
      {"op": "on_msg", "name": "p"},
      {"op": "frontend", "name": "p", "data": {"method": "custom", "content": {"event": "tick"}}},
      {"op": "frontend", "name": "p", "data": {"method": "custom"}},
      {"op": "send", "name": "p", "content": {"hello": [1, 2]}}),
    S("layout_trait",
      {"op": "create", "name": "s", "model": "IntSlider"},
      {"op": "set", "name": "s.layout", "changes": {"width": "10px"}},
      {"op": "repr", "name": "s.layout"},
      {"op": "repr", "name": "s"},
      {"op": "set", "name": "s.style", "changes": {"handle_color": "red"}},
      {"op": "repr", "name": "s"},
      {"op": "create", "name": "o", "model": "Output"},
      {"op": "append_stdout", "name": "o", "text": "it's\n"},
      {"op": "repr", "name": "o"}),
    S("link_repr_and_refusal",
      {"op": "create", "name": "a", "model": "IntSlider"},
      {"op": "create", "name": "b", "model": "FloatSlider"},
      {"op": "jslink", "name": "l", "source": ["@a", "value"], "target": ["@b", "value"]},
      {"op": "repr", "name": "l"},
      {"op": "jslink", "name": "m", "source": ["@a", "foo"], "target": ["@b", "value"]}),
    S("frontend_opens_widget",
      {"op": "frontend_open", "name": "x", "comm_id": "f" * 32,
       "state": {"_model_module": "@jupyter-widgets/controls", "_model_module_version": "2.0.0",
                 "_model_name": "IntSliderModel", "_view_module": "@jupyter-widgets/controls",
                 "_view_module_version": "2.0.0", "_view_name": "IntSliderView", "value": 7}},
      {"op": "get", "name": "x", "key": "value"},
      {"op": "frontend", "name": "x", "data": {"method": "update", "state": {"value": 200}, "buffer_paths": []}}),
]


def run_scenarios():
    out = []
    for sc in SCENARIOS:
        widget_module._instances.clear()
        names, steps = {}, []
        norm = Normaliser()
        for step in sc["steps"]:
            RECORD.clear()
            run_step(step, names)
            steps.append({"step": step, "events": norm(list(RECORD))})
        for w in list(widget_module._instances.values()):
            w.comm.close = lambda *a, **k: None
        widget_module._instances.clear()
        out.append({"name": sc["name"], "steps": steps})
    return out


# ---------------------------------------------------------------------------------------
# The generated Swift defaults.

def swift_literal(x, indent):
    pad = "    " * indent
    if x is None:
        return ".null"
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return ".double(%r)" % x
    if isinstance(x, str):
        return "".join(c if ord(c) < 128 else "\\u{%x}" % ord(c) for c in json.dumps(x, ensure_ascii=False))
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(swift_literal(v, indent) for v in x) + "]" if x else "[]"
    if isinstance(x, dict):
        if not x:
            return "[:]"
        inner = ",\n".join("%s    %s: %s" % (pad, json.dumps(k), swift_literal(v, indent + 1)) for k, v in x.items())
        return "[\n%s,\n%s]" % (inner, pad)
    raise TypeError(x)


def write_swift(models):
    lines = [
        "// GENERATED by scripts/generate_widget_fixtures.py from ipywidgets %s. Do not edit." % ipywidgets.__version__,
        "import JupyterKernel",
        "",
        "/// Each model's description as ipywidgets %s declares it (see ``ModelSpec``)." % ipywidgets.__version__,
        "enum WidgetDefaults {",
        "    static let specs: [String: ModelSpec] = [",
    ]
    for name, m in models.items():
        lines.append("        %s: ModelSpec(" % json.dumps(name))
        lines.append("            pythonClass: %s," % json.dumps(m["python_class"]))
        lines.append("            keys: %s," % swift_literal(m["keys"], 3))
        lines.append("            state: %s," % swift_literal(m["state"], 3))
        lines.append("            submodels: %s," % swift_literal(m["submodels"], 3))
        lines.append("            kinds: %s," % swift_literal(m["kinds"], 3))
        lines.append("            infos: %s," % swift_literal(m["infos"], 3))
        lines.append("            nullable: %s," % swift_literal(m["nullable"], 3))
        lines.append("            readOnly: %s," % swift_literal(m["read_only"], 3))
        lines.append("            isValueWidget: %s," % swift_literal(m["value_widget"], 3))
        lines.append("            isSelection: %s," % swift_literal(m["selection"], 3))
        lines.append("            reprDefaults: %s," % swift_literal(m["repr_defaults"], 3))
        lines.append("            emptyContainerDefaults: %s" % swift_literal(m["empty_container_defaults"], 3))
        lines.append("        ),")
    lines += ["    ]", "}", ""]
    text = "\n".join(lines)
    SWIFT_DEFAULTS.parent.mkdir(parents=True, exist_ok=True)
    SWIFT_DEFAULTS.write_text(text)


def find_sentinel(x, path):
    if isinstance(x, dict):
        for k, v in x.items():
            find_sentinel(v, path + [k])
    elif isinstance(x, (list, tuple)):
        for i, v in enumerate(x):
            find_sentinel(v, path + [i])
    elif isinstance(x, traitlets.Sentinel):
        print(path, x)


def main():
    models = model_defaults()
    scenarios = run_scenarios()
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / "models.json").write_text(json.dumps(models, indent=1, sort_keys=True) + "\n")
    find_sentinel(scenarios, [])
    (FIXTURES / "scenarios.json").write_text(json.dumps(scenarios, indent=1) + "\n")
    write_swift(models)
    events = sum(len(s["events"]) for sc in scenarios for s in sc["steps"])
    print("%d models, %d scenarios, %d events" % (len(models), len(scenarios), events), file=sys.stderr)


if __name__ == "__main__":
    main()
