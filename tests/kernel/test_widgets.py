"""Widgets through a real Jupyter client: `explore(...)` opens `jupyter.widget` comms
as ipywidgets 8 does (protocol 2.1), a `comm_msg` update to the stride slider from the
client redraws the picture panel, `interact` runs the function again on every change
(its output captured by the Output widget's msg_id, as ipywidgets captures it), and
closing a comm frees its widget."""
import time

from conftest import iopub_children, run, send_shell

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class Frontend:
    """Just enough of a widget frontend: the models the kernel opened, kept in sync
    from the iopub messages that follow, and updates sent back on shell."""

    def __init__(self, kc):
        self.kc = kc
        self.models = {}

    def absorb(self, messages):
        for m in messages:
            content = m["content"]
            if m["msg_type"] == "comm_open" and content["target_name"] == "jupyter.widget":
                assert m["metadata"]["version"] == "2.1.0", m["metadata"]
                self.models[content["comm_id"]] = dict(content["data"]["state"])
            elif m["msg_type"] == "comm_msg" and content["comm_id"] in self.models:
                data = content["data"]
                if data.get("method") in ("update", "echo_update"):
                    self.models[content["comm_id"]].update(data["state"])
            elif m["msg_type"] == "comm_close":
                self.models.pop(content["comm_id"], None)

    def find(self, model_name, description=None):
        found = [i for i, s in self.models.items() if s["_model_name"] == model_name
                 and (description is None or s.get("description") == description)]
        assert len(found) == 1, (model_name, description, found)
        return found[0]

    def send(self, msg_type, content, timeout=30):
        """Sends a comm message on shell; returns the iopub messages it caused, between
        its busy and idle statuses."""
        messages = iopub_children(self.kc, send_shell(self.kc, msg_type, content), timeout)[1:-1]
        self.absorb(messages)
        return messages

    def update(self, comm_id, state):
        return self.send("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": state, "buffer_paths": []}})


def execute(kc, frontend, code):
    content, messages = run(kc, code)
    assert content["status"] == "ok", content
    frontend.absorb(messages)
    return messages


def displayed_model(messages):
    views = [m["content"]["data"] for m in messages if m["msg_type"] in ("display_data", "execute_result")
             and WIDGET_VIEW in m["content"]["data"]]
    assert views, [m["msg_type"] for m in messages]
    return views[-1][WIDGET_VIEW]["model_id"], views[-1]["text/plain"]


def shown_widget(kc, lines):
    """Runs a cell of `lines` that ends with a widget; returns a Frontend that saw it,
    the widget's model id and its text."""
    frontend = Frontend(kc)
    model_id, text = displayed_model(execute(kc, frontend, "\n".join(lines)))
    return frontend, model_id, text


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


def captured_text(messages, output):
    """The stream texts published while the Output widget's msg_id named their request
    (what a widget frontend diverts into the widget)."""
    capturing = None
    texts = []
    for m in messages:
        content = m["content"]
        if m["msg_type"] == "comm_msg" and content["comm_id"] == output and "msg_id" in content["data"].get("state", {}):
            capturing = content["data"]["state"]["msg_id"] or None
        elif m["msg_type"] == "stream" and capturing is not None:
            assert m["parent_header"]["msg_id"] == capturing
            texts.append(content["text"])
    return texts


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
    """As ipywidgets: the function's exception is an `error` message published while the
    Output widget's msg_id names the request (so the widget shows it), and interact goes on."""
    km, kc = kernel
    frontend = Frontend(kc)
    execute(kc, frontend, "\n".join([
        "def boom(k):",
        "    if k == 3:",
        "        raise ValueError('three')",
        "    print('k', k)",
        "interact(boom, k=(1, 4))",
    ]))
    output = frontend.find("OutputModel")
    slider = frontend.find("IntSliderModel", "k")
    replies = frontend.update(slider, {"value": 3})
    capturing = None
    errors = []
    for m in replies:
        content = m["content"]
        if m["msg_type"] == "comm_msg" and content["comm_id"] == output and "msg_id" in content["data"].get("state", {}):
            capturing = content["data"]["state"]["msg_id"] or None
        elif m["msg_type"] == "error":
            errors.append((content["ename"], content["evalue"], capturing))
    assert errors == [("ValueError", "three", m["parent_header"]["msg_id"])]
    replies = frontend.update(slider, {"value": 4})
    assert captured_text(replies, output) == ["k 4\n"]


def test_an_observers_error_on_a_frontend_change_is_shown_and_the_widget_goes_on(kernel):
    """As ipykernel 7.4 with ipywidgets 8.1.9 (recorded against the real thing): the
    frontend's update is echoed (`echo_update`), the observer's exception is published
    as an `error` message parented to the comm_msg (ipywidgets' `_show_traceback` calls
    IPython's `showtraceback`), the value stays set, and the next update reaches the
    observer again."""
    km, kc = kernel
    frontend, model_id, _ = shown_widget(kc, [
        "seen = []",
        "w = IntSlider(value=2)",
        "def on_change(change):",
        "    seen.append(change['new'])",
        "    if change['new'] == 3:",
        "        raise ValueError('three')",
        "w.observe(on_change, names='value')",
        "w",
    ])
    replies = frontend.update(model_id, {"value": 3})
    assert [m["msg_type"] for m in replies] == ["comm_msg", "error"], replies
    assert replies[0]["content"]["data"] == {"method": "echo_update", "state": {"value": 3}, "buffer_paths": []}
    error = replies[1]["content"]
    assert (error["ename"], error["evalue"]) == ("ValueError", "three")
    assert "ValueError" in error["traceback"][-1] and "three" in error["traceback"][-1], error["traceback"]
    assert any("raise ValueError('three')" in line for line in error["traceback"]), error["traceback"]

    replies = frontend.update(model_id, {"value": 4})
    assert [m["msg_type"] for m in replies] == ["comm_msg"], replies
    content, messages = run(kc, "seen, w.value")
    assert content["status"] == "ok"
    assert [m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"] == ["([3, 4], 4)"]
