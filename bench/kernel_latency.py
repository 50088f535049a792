"""Kernel latency, ConvLab against ipykernel, in one interleaved run, through
jupyter_client: the time from launch (KernelManager.start_kernel) to the first
kernel_info_reply (median of several launches, the two kernels launched in turn), and
the median round trip of 200 executes of two cells (request sent to both the
execute_reply and the idle status received): a trivial `1`, and issue 19's conv cell,
`F.conv_transpose2d(x, w, stride=2)` on 1x1x3x3 operands defined once beforehand
(`import torch`, `torch.nn.functional as F`, `torch.rand`), so ipykernel's side is the
same cell run by PyTorch, its result's repr included.

    .venv/bin/python bench/kernel_latency.py [--launches 7] [--executes 200]

Targets: launch and the trivial round trip at most 0.25x ipykernel's, the conv cell's
round trip at most 0.15x ipykernel + PyTorch's.

This machine's speed drifts by a third between minutes, so the two kernels are measured
in turn rather than one after the other: both run at once, and the executes alternate
between them in blocks of ``BLOCK`` (the order flipped every block), so each ratio
compares times taken under the same conditions.

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


BLOCK = 10


def settle(client):
    """Lets what is still on its way arrive and drops it."""
    time.sleep(0.3)
    while client.receive(100):
        pass


def timed_executes(client, code, count):
    """The round trip of each of `count` executes of `code`, in seconds."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        if execute(client, code) != "ok":
            raise RuntimeError(f"{code!r} failed")
        times.append(time.perf_counter() - started)
    return times


def in_turn(labels, block):
    """The labels in the order of `block`: flipped every block, so neither kernel always
    runs right after the other."""
    return labels if block % 2 == 0 else labels[::-1]


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
    labels = list(KERNELS.values())
    names = {label: name for name, label in KERNELS.items()}
    launches = {label: [] for label in labels}
    for i in range(args.launches):
        for label in in_turn(labels, i):
            seconds, km, client = launch(names[label])
            launches[label].append(seconds)
            client.close()
            km.shutdown_kernel(now=True)
    running = {}
    try:
        for label in labels:
            _, km, client = launch(names[label])
            running[label] = (km, client)
            if execute(client, CONV_SETUP) != "ok":
                raise RuntimeError(f"{label} could not run the conv cell's setup")
        trips = {label: {} for label in labels}
        for cell, code in CELLS.items():
            for label in labels:
                client = running[label][1]
                settle(client)
                execute(client, code)  # the cell's first run (imports, first-call costs) is not timed
            times = {label: [] for label in labels}
            for block in range((args.executes + BLOCK - 1) // BLOCK):
                for label in in_turn(labels, block):
                    times[label] += timed_executes(running[label][1], code, min(BLOCK, args.executes - block * BLOCK))
            for label in labels:
                trips[label][cell] = statistics.median(times[label])
    finally:
        for km, client in running.values():
            client.close()
            km.shutdown_kernel(now=True)
    for label in labels:
        print(f"{label:<10} launch to kernel_info_reply {statistics.median(launches[label]) * 1000:8.1f} ms   "
              f"round trip (median of {args.executes}): `1` {trips[label]['trivial'] * 1e6:8.0f} us, "
              f"conv cell {trips[label]['conv'] * 1e6:8.0f} us")
    ours, theirs = "ConvLab", "ipykernel"
    launch_ratio = statistics.median(launches[ours]) / statistics.median(launches[theirs])
    print(f"ratio ConvLab / ipykernel: launch {launch_ratio:.3f}, `1` {trips[ours]['trivial'] / trips[theirs]['trivial']:.3f} "
          f"(targets: at most 0.25), conv cell {trips[ours]['conv'] / trips[theirs]['conv']:.3f} (target: at most 0.15)")


if __name__ == "__main__":
    main()
