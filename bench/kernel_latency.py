"""Kernel latency, ConvLab against ipykernel, in one run, through jupyter_client:
the time from launch (KernelManager.start_kernel) to the first kernel_info_reply
(median of several launches), and the median round trip of 200 executes of two cells
(request sent to both the execute_reply and the idle status received): a trivial `1`,
and issue 19's conv cell, `F.conv_transpose2d(x, w, stride=2)` on 1x1x3x3 operands
defined once beforehand (`import torch`, `torch.nn.functional as F`, `torch.rand`), so
ipykernel's side is the same cell run by PyTorch, its result's repr included.

    .venv/bin/python bench/kernel_latency.py [--launches 7] [--executes 200]

Targets: launch and the trivial round trip at most 0.25x ipykernel's, the conv cell's
round trip at most 0.15x ipykernel + PyTorch's.

The client is jupyter_client's Session (signing, packing) over plain pyzmq sockets
polled in this thread, with a 5 ms reconnect interval, so that what is measured is the
kernel and the transport rather than the client's channel threads (which add a few
milliseconds to every message, for either kernel)."""
import argparse
import statistics
import time

import jupyter_client
import zmq
from jupyter_client.session import Session

KERNELS = {"convlab": "ConvLab", "python3": "ipykernel"}
CONV_SETUP = ("import torch\nimport torch.nn.functional as F\n"
              "x = torch.rand(1, 1, 3, 3)\nw = torch.rand(1, 1, 3, 3)\n")
CELLS = {"trivial": "1", "conv": "F.conv_transpose2d(x, w, stride=2)"}


class Client:
    """A minimal client: shell (DEALER) and iopub (SUB) sockets and a Session."""

    def __init__(self, km):
        info = km.get_connection_info()
        self.session = Session(key=info["key"], signature_scheme=info["signature_scheme"])
        self.context = zmq.Context.instance()
        self.shell = self.context.socket(zmq.DEALER)
        self.iopub = self.context.socket(zmq.SUB)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        for socket, port in ((self.shell, info["shell_port"]), (self.iopub, info["iopub_port"])):
            socket.setsockopt(zmq.RECONNECT_IVL, 5)
            socket.setsockopt(zmq.LINGER, 0)
            socket.connect(f"tcp://{info['ip']}:{port}")
        self.poller = zmq.Poller()
        self.poller.register(self.shell, zmq.POLLIN)
        self.poller.register(self.iopub, zmq.POLLIN)

    def send(self, msg_type, content):
        return self.session.send(self.shell, msg_type, content)["header"]["msg_id"]

    def receive(self, timeout_ms):
        """The next (channel, message) within the timeout, or None."""
        for socket, _ in self.poller.poll(timeout_ms):
            _, frames = self.session.feed_identities(socket.recv_multipart())
            message = self.session.deserialize(frames)
            return ("shell" if socket is self.shell else "iopub"), message
        return None

    def close(self):
        self.shell.close()
        self.iopub.close()


def launch(name):
    """Starts the kernel; returns (seconds to the first kernel_info_reply, manager, client),
    once iopub is subscribed too (untimed): a SUB socket joins late, and a status sent
    before it has would be lost (jupyter_client's wait_for_ready does the same)."""
    km = jupyter_client.KernelManager(kernel_name=name)
    started = time.perf_counter()
    km.start_kernel()
    client = Client(km)
    sent = set()
    seconds = None
    while True:
        sent.add(client.send("kernel_info_request", {}))
        deadline = time.perf_counter() + 0.005
        while (left := deadline - time.perf_counter()) > 0:
            got = client.receive(max(1, int(left * 1000)))
            if got and got[0] == "shell" and got[1]["parent_header"].get("msg_id") in sent and seconds is None:
                seconds = time.perf_counter() - started
            if got and got[0] == "iopub" and seconds is not None:
                while client.receive(50):  # what is still on its way for the other requests
                    pass
                return seconds, km, client


def execute(client, code):
    """Sends one execute_request and waits for its reply and its idle status; returns the
    reply's status."""
    msg_id = client.send("execute_request", {"code": code, "silent": False, "store_history": False,
                                             "user_expressions": {}, "allow_stdin": False})
    status = None
    idle = False
    while not (status and idle):
        got = client.receive(30_000)
        if got is None:
            raise TimeoutError(f"no reply to {code!r}")
        message = got[1]
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "execute_reply":
            status = message["content"]["status"]
        idle = idle or (message["msg_type"] == "status" and message["content"]["execution_state"] == "idle")
    return status


def round_trips(client, code, count):
    time.sleep(0.3)
    while client.receive(100):
        pass
    execute(client, code)  # the cell's first run (imports, first-call costs) is not timed
    times = []
    for _ in range(count):
        started = time.perf_counter()
        if execute(client, code) != "ok":
            raise RuntimeError(f"{code!r} failed")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=7)
    parser.add_argument("--executes", type=int, default=200)
    args = parser.parse_args()
    # One launch of each first, unmeasured: the client library's own first-use costs.
    for name in KERNELS:
        _, km, client = launch(name)
        client.close()
        km.shutdown_kernel(now=True)
    results = {}
    for name, label in KERNELS.items():
        launches, trips = [], {}
        for i in range(args.launches):
            seconds, km, client = launch(name)
            launches.append(seconds)
            if i == 0:
                if execute(client, CONV_SETUP) != "ok":
                    raise RuntimeError(f"{label} could not run the conv cell's setup")
                trips = {cell: round_trips(client, code, args.executes) for cell, code in CELLS.items()}
            client.close()
            km.shutdown_kernel(now=True)
        results[label] = (statistics.median(launches), trips)
        print(f"{label:<10} launch to kernel_info_reply {results[label][0] * 1000:8.1f} ms   "
              f"round trip (median of {args.executes}): `1` {trips['trivial'] * 1e6:8.0f} us, "
              f"conv cell {trips['conv'] * 1e6:8.0f} us")
    ours, theirs = results["ConvLab"], results["ipykernel"]
    print(f"ratio ConvLab / ipykernel: launch {ours[0] / theirs[0]:.3f}, `1` {ours[1]['trivial'] / theirs[1]['trivial']:.3f} "
          f"(targets: at most 0.25), conv cell {ours[1]['conv'] / theirs[1]['conv']:.3f} (target: at most 0.15)")


if __name__ == "__main__":
    main()
