"""A widget frontend stand-in for tests through a real Jupyter client, the same for
ConvLab and ipykernel with ipywidgets: the models the kernel opened kept in sync from
iopub, updates sent back on shell, and what an Output widget would show."""
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


def with_capture(messages, output):
    """Each message but the Output widget's own, with the msg_id the widget was
    capturing when it came (None when none): what a widget frontend diverts into the
    widget is what came while the widget named its request."""
    capturing = None
    for m in messages:
        content = m["content"]
        if m["msg_type"] == "comm_msg" and content["comm_id"] == output and "msg_id" in content["data"].get("state", {}):
            capturing = content["data"]["state"]["msg_id"] or None
        else:
            yield m, capturing


def captured_text(messages, output):
    """The stream texts the Output widget shows, from messages of its request."""
    texts = []
    for m, capturing in with_capture(messages, output):
        if m["msg_type"] == "stream" and capturing is not None:
            assert m["parent_header"]["msg_id"] == capturing
            texts.append(m["content"]["text"])
    return texts
