"""Two widget errors, as scenarios that run the same way against ipykernel with
ipywidgets (scripts/generate_widget_error_fixtures.py records them into
fixtures/widget_errors.json) and against ConvLab (test_widgets.py compares): an
observer that raises on a frontend change, and an interact function that raises.
Every cell is valid Python and ConvLab alike."""
import re

from conftest import run
from widget_frontend import Frontend, captured_text, execute, shown_widget, with_capture

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(lines):
    """Traceback lines without their colours."""
    return [ANSI.sub("", line) for line in lines]


def result_text(kc, code):
    content, messages = run(kc, code)
    assert content["status"] == "ok", content
    return [m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"]


def observer_error(kc):
    """An IntSlider whose observer raises on 3: the messages a frontend update to 3 and
    then to 4 cause, the error's name, value and the traceback's last line and whether it
    shows the raising line, and what the observer saw."""
    frontend, model_id, _ = shown_widget(kc, [
        "from ipywidgets import IntSlider",
        "seen = []",
        "w = IntSlider(value=2)",
        "def on_change(change):",
        "    seen.append(change['new'])",
        "    if change['new'] == 3:",
        "        raise ValueError('three')",
        "w.observe(on_change, names='value')",
        "w",
    ])
    first = frontend.update(model_id, {"value": 3})
    errors = [m["content"] for m in first if m["msg_type"] == "error"]
    second = frontend.update(model_id, {"value": 4})
    return {
        "first_update": [m["msg_type"] for m in first],
        "echo": [m["content"]["data"] for m in first if m["msg_type"] == "comm_msg"],
        # Frontend.update keeps only the messages parented to the update itself.
        "errors": [{"ename": e["ename"], "evalue": e["evalue"], "last_line": plain(e["traceback"])[-1].strip(),
                    "shows_the_raise": any("raise ValueError('three')" in line for line in plain(e["traceback"]))}
                   for e in errors],
        "second_update": [m["msg_type"] for m in second],
        "seen": result_text(kc, "seen, w.value"),
    }


def interact_error(kc):
    """interact over a function that raises for k == 3: the errors an update to 3 causes
    and whether the Output widget was capturing the update then, and the text an update
    to 4 prints into the widget."""
    frontend = Frontend(kc)
    execute(kc, frontend, "\n".join([
        "from ipywidgets import interact",
        "def boom(k):",
        "    if k == 3:",
        "        raise ValueError('three')",
        "    print('k', k)",
        "_ = interact(boom, k=(1, 4))",
    ]))
    output = frontend.find("OutputModel")
    slider = frontend.find("IntSliderModel", "k")
    errors = [{"ename": m["content"]["ename"], "evalue": m["content"]["evalue"],
               "captured": capturing is not None and capturing == m["parent_header"]["msg_id"]}
              for m, capturing in with_capture(frontend.update(slider, {"value": 3}), output) if m["msg_type"] == "error"]
    return {"errors": errors, "next_update_prints": captured_text(frontend.update(slider, {"value": 4}), output)}


def run_scenarios(kc):
    return {"observer_error": observer_error(kc), "interact_error": interact_error(kc)}
