"""Widgets through a real Jupyter client: `explore(...)` opens `jupyter.widget` comms
as ipywidgets 8 does (protocol 2.1), a `comm_msg` update to the stride slider from the
client redraws the picture panel, `interact` runs the function again on every change
(its output captured by the Output widget's msg_id, as ipywidgets captures it), and
closing a comm frees its widget."""
import json
import time
from pathlib import Path

from conftest import iopub_children, run, send_shell
from widget_error_scenarios import interact_error, observer_error
from widget_frontend import Frontend, captured_text, displayed_model, execute, shown_widget


FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "widget_errors.json").read_text())


def panel(frontend):
    html = [i for i, s in frontend.models.items() if s["_model_name"] == "HTMLModel" and "<svg" in s.get("value", "")]
    assert len(html) == 1, html
    return html[0]


def test_explore_opens_widgets_and_redraws_on_a_slider_update(kernel):
    km, kc = kernel
    frontend = Frontend(kc)
    messages = execute(kc, frontend, "explore(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1)")
    opens = [m for m in messages if m["msg_type"] == "comm_open"]
    assert opens and all(m["parent_header"]["msg_type"] == "execute_request" for m in opens)
    model_id, text = displayed_model(messages)
    assert frontend.models[model_id]["_model_name"] == "VBoxModel"
    assert "sliders need a notebook" in text
    picture = panel(frontend)
    before = frontend.models[picture]["value"]
    assert "torch.Size([1, 1, 5, 5])" in before
    stride = frontend.find("IntSliderModel", "stride")
    assert frontend.models[stride]["value"] == 2

    replies = frontend.update(stride, {"value": 1})
    echoes = [m for m in replies if m["content"]["comm_id"] == stride and m["content"]["data"]["method"] == "echo_update"]
    assert echoes and echoes[0]["content"]["data"]["state"] == {"value": 1}
    after = frontend.models[picture]["value"]
    assert after != before
    assert "torch.Size([1, 1, 3, 3])" in after
    assert "<svg" in after

    # The cap on output_padding follows the stride: stride 1, dilation 1 allows none.
    output_padding = frontend.find("IntSliderModel", "output pad")
    assert frontend.models[output_padding]["max"] == 0


def test_a_combination_pytorch_refuses_shows_its_message_in_the_panel(kernel):
    km, kc = kernel
    frontend = Frontend(kc)
    execute(kc, frontend, "explore(F.conv2d, input=4, kernel_size=3)")
    kernel_size = frontend.find("IntSliderModel", "kernel")
    frontend.update(kernel_size, {"value": 5})
    text = frontend.models[panel_or_message(frontend)]["value"]
    assert "Kernel size can&#x27;t be greater than actual input size" in text or \
        "Kernel size can't be greater than actual input size" in text, text
    # The kernel is still alive and well.
    content, _ = run(kc, "1 + 1")
    assert content["status"] == "ok"


def panel_or_message(frontend):
    html = [i for i, s in frontend.models.items() if s["_model_name"] == "HTMLModel" and s.get("value")]
    assert len(html) == 1, html
    return html[0]


def test_observe_and_interact_run_user_code_on_frontend_changes(kernel):
    km, kc = kernel
    frontend, model_id, text = shown_widget(kc, [
        "seen = []",
        "w = IntSlider(min=1, max=5, value=2, description='stride')",
        "w.observe(lambda change: seen.append((change['old'], change['new'])), names='value')",
        "w",
    ])
    assert text == "IntSlider(value=2, description='stride', max=5, min=1)"
    frontend.update(model_id, {"value": 4})
    content, messages = run(kc, "print(seen, w.value)")
    assert [m["content"]["text"] for m in messages if m["msg_type"] == "stream"] == ["[(2, 4)] 4\n"]

    # A value beyond max is clamped by the kernel, and the frontend told so.
    replies = frontend.update(model_id, {"value": 9})
    assert frontend.models[model_id]["value"] == 5, replies

    messages = execute(kc, frontend, "\n".join([
        "def show(padding, mode):",
        "    print(f'padding={padding} mode={mode}')",
        "interact(show, padding=(1, 4), mode=['zeros', 'reflect'])",
    ]))
    output = frontend.find("OutputModel")
    assert captured_text(messages, output) == ["padding=2 mode=zeros\n"]
    assert frontend.models[output]["msg_id"] == ""
    slider = frontend.find("IntSliderModel", "padding")
    replies = frontend.update(slider, {"value": 3})
    assert captured_text(replies, output) == ["padding=3 mode=zeros\n"]
    assert any(m["msg_type"] == "clear_output" and m["content"]["wait"] for m in replies)


def test_closing_a_comm_frees_the_widget_and_comm_info_lists_the_rest(kernel):
    km, kc = kernel
    frontend = Frontend(kc)
    messages = execute(kc, frontend, "w = IntSlider(value=3)\nw")
    model_id, _ = displayed_model(messages)
    kc.comm_info(target_name="jupyter.widget")
    reply = kc.get_shell_msg(timeout=10)
    assert model_id in reply["content"]["comms"]
    assert all(c["target_name"] == "jupyter.widget" for c in reply["content"]["comms"].values())
    frontend.send("comm_close", {"comm_id": model_id, "data": {}})
    kc.comm_info(target_name="jupyter.widget")
    reply = kc.get_shell_msg(timeout=10)
    assert model_id not in reply["content"]["comms"]


def test_an_interrupt_stops_an_observer_looping_after_a_frontend_change(kernel):
    """An observer that never returns, fired by the browser between cells, is stopped by
    an interrupt like a cell is; its KeyboardInterrupt is shown and the kernel goes on."""
    km, kc = kernel
    frontend = Frontend(kc)
    messages = execute(kc, frontend, "\n".join([
        "w = IntSlider(description='loop')",
        "def forever(change):",
        "    while True:",
        "        pass",
        "w.observe(forever, names='value')",
        "w",
    ]))
    model_id, _ = displayed_model(messages)
    msg_id = send_shell(kc, "comm_msg", {"comm_id": model_id, "data": {"method": "update", "state": {"value": 1}, "buffer_paths": []}})
    time.sleep(0.5)
    km.interrupt_kernel()
    children = iopub_children(kc, msg_id, timeout=10)
    assert [m["content"]["ename"] for m in children if m["msg_type"] == "error"] == ["KeyboardInterrupt"]
    content, messages = run(kc, "w.value")
    assert content["status"] == "ok"
    assert [m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"] == ["1"]


def test_an_interact_callbacks_error_is_shown_inside_its_output_widget(kernel):
    """As ipywidgets 8.1.9 in ipykernel 7.4 (fixtures/widget_errors.json, recorded by
    scripts/generate_widget_error_fixtures.py): the function's exception is an `error`
    message published while the Output widget's msg_id names the update (so the widget
    shows it), and interact goes on."""
    km, kc = kernel
    assert interact_error(kc) == FIXTURE["interact_error"]


def test_an_observers_error_on_a_frontend_change_is_shown_and_the_widget_goes_on(kernel):
    """As ipywidgets 8.1.9 in ipykernel 7.4 (the same fixture): the frontend's update is
    echoed (`echo_update`), the observer's exception is published as an `error` message
    parented to the comm_msg (ipywidgets' `_show_traceback` calls IPython's
    `showtraceback`), the value stays set, and the next update reaches the observer
    again."""
    km, kc = kernel
    assert observer_error(kc) == FIXTURE["observer_error"]
