"""Writes tests/kernel/fixtures/memory_error.json: PyTorch's own error when its CPU
allocator is refused memory, for the kernel's memory-budget tests.

Runs real PyTorch (install it with `bench/compare_torch.py --install-torch`, or give a
Python that has it: `python scripts/generate_memory_error_fixture.py`). The address-space
limit is set after `import torch` (PyTorch's own libraries need more than the limit),
to what the process maps plus 1.5 GiB; each case allocates until PyTorch refuses."""
import json
import pathlib
import resource

import torch

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "kernel" / "fixtures" / "memory_error.json"


def mapped_bytes():
    for line in open("/proc/self/status"):
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize")


def main():
    resource.setrlimit(resource.RLIMIT_AS, (mapped_bytes() + 1536 * 2**20, resource.RLIM_INFINITY))
    cases = []
    for code, make in [("torch.zeros(2**27)", lambda: torch.zeros(2**27)),
                       ("torch.ones(2**27, dtype=torch.float64)", lambda: torch.ones(2**27, dtype=torch.float64))]:
        kept = []
        try:
            for _ in range(16):
                kept.append(make())
        except RuntimeError as error:
            cases.append({"code": code, "bytes": kept[0].nbytes if kept else None,
                          "ename": type(error).__name__, "evalue": str(error)})
        del kept
    OUT.write_text(json.dumps({"torch": torch.__version__.split("+")[0], "cases": cases}, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
