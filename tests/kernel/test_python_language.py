"""The Python that tutorials are written in, through a real Jupyter client: blocks
and is_complete, completion and inspection of the user's own functions and classes,
and an interrupt that stops `while True: pass` with the session kept."""
import time

from conftest import result_text, run

TRANS_CONV = '''def trans_conv(X, K):
    """Transposed convolution by scatter-add."""
    h, w = K.shape
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1))
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i: i + h, j: j + w] += X[i, j] * K
    return Y'''

NET = '''class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2)

    def forward(self, x):
        return self.up(x)

net = Net()'''


def is_complete(kc, code):
    kc.is_complete(code)
    return kc.get_shell_msg(timeout=10)["content"]


def test_is_complete_follows_python_blocks(kernel):
    _, kc = kernel
    assert is_complete(kc, "def f():") == {"status": "incomplete", "indent": "    "}
    assert is_complete(kc, "for i in range(3):\n    if i:") == {"status": "incomplete", "indent": "        "}
    assert is_complete(kc, 'print("x-#")')["status"] == "complete"
    assert is_complete(kc, "class Net(nn.Module):\n    def forward(self, x):\n        return x\n")["status"] == "complete"
    assert is_complete(kc, "x = )")["status"] == "invalid"


def test_d2l_trans_conv_runs_as_written(kernel):
    _, kc = kernel
    reply, _ = run(kc, TRANS_CONV)
    assert reply["status"] == "ok"
    reply, messages = run(kc, "X = torch.tensor([[0.0, 1.0], [2.0, 3.0]])\nK = torch.tensor([[0.0, 1.0], [2.0, 3.0]])\ntrans_conv(X, K)")
    assert result_text(messages) == "tensor([[ 0.,  0.,  1.],\n        [ 0.,  4.,  6.],\n        [ 4., 12.,  9.]])"


def test_completion_and_inspection_see_user_functions_and_classes(kernel):
    _, kc = kernel
    run(kc, TRANS_CONV)
    run(kc, NET)
    kc.complete("trans_c", 7)
    assert "trans_conv" in kc.get_shell_msg(timeout=10)["content"]["matches"]
    kc.complete("net.forw", 8)
    assert "forward" in kc.get_shell_msg(timeout=10)["content"]["matches"]
    kc.complete("net.u", 5)
    assert "up" in kc.get_shell_msg(timeout=10)["content"]["matches"]
    kc.inspect("trans_conv", 3)
    content = kc.get_shell_msg(timeout=10)["content"]
    assert content["found"]
    text = content["data"]["text/plain"]
    assert "\x1b[31mSignature:\x1b[39m trans_conv(X, K)" in text and "Transposed convolution by scatter-add." in text


def test_interrupt_stops_an_endless_loop_and_keeps_state(kernel):
    km, kc = kernel
    run(kc, "kept = 41")
    msg_id = kc.execute("while True:\n    pass")
    time.sleep(0.5)
    started = time.time()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=10)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert time.time() - started < 1.0
    _, messages = run(kc, "kept + 1")
    assert result_text(messages) == "42"
