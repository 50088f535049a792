"""Kernel latency, ConvLab against ipykernel, in one run, through jupyter_client:
the time from launch (KernelManager.start_kernel) to the first kernel_info_reply
(median of several launches), and the median round trip of 200 trivial executes
(request sent to both the execute_reply and the idle status received).

    .venv/bin/python bench/kernel_latency.py [--launches 7] [--executes 200]

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
    """Starts the kernel; returns (seconds to the first kernel_info_reply, manager, client)."""
    km = jupyter_client.KernelManager(kernel_name=name)
    started = time.perf_counter()
    km.start_kernel()
    client = Client(km)
    sent = set()
    while True:
        sent.add(client.send("kernel_info_request", {}))
        deadline = time.perf_counter() + 0.005
        while (left := deadline - time.perf_counter()) > 0:
            got = client.receive(max(1, int(left * 1000)))
            if got and got[0] == "shell" and got[1]["parent_header"].get("msg_id") in sent:
                return time.perf_counter() - started, km, client


def round_trips(client, count):
    time.sleep(0.3)
    while client.receive(100):
        pass
    times = []
    for _ in range(count):
        started = time.perf_counter()
        msg_id = client.send("execute_request", {"code": "1", "silent": False, "store_history": False,
                                                 "user_expressions": {}, "allow_stdin": False})
        replied = idle = False
        while not (replied and idle):
            channel, message = client.receive(10_000)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            replied = replied or message["msg_type"] == "execute_reply"
            idle = idle or (message["msg_type"] == "status" and message["content"]["execution_state"] == "idle")
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
        launches, trip = [], None
        for i in range(args.launches):
            seconds, km, client = launch(name)
            launches.append(seconds)
            if i == 0:
                trip = round_trips(client, args.executes)
            client.close()
            km.shutdown_kernel(now=True)
        results[label] = (statistics.median(launches), trip)
        print(f"{label:<10} launch to kernel_info_reply {results[label][0] * 1000:8.1f} ms   "
              f"execute round trip (median of {args.executes}) {trip * 1e6:8.0f} us")
    ours, theirs = results["ConvLab"], results["ipykernel"]
    print(f"ratio ConvLab / ipykernel: launch {ours[0] / theirs[0]:.3f}, round trip {ours[1] / theirs[1]:.3f} "
          f"(target: at most 0.25 each)")


if __name__ == "__main__":
    main()
