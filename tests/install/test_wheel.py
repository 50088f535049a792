"""The wheel as pip installs it. scripts/build_wheel.sh builds it (the static release
build in .build-static, once per test run: scripts/test.sh builds it and passes its path in
CONVLAB_WHEEL); a new virtual environment in a temporary folder gets it and jupyter_client
with pip; that environment's python, not activated and with a bare PATH, starts the kernel
through the kernelspec the wheel installed, runs experiment E12 and gets PyTorch's printout
(E12's .out, recorded from PyTorch)."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPERIMENT = ROOT / "Tests" / "ConvLangTests" / "Fixtures" / "experiments" / "E12_padding_and_stride"
# The same jupyter_client the project pins.
JUPYTER_CLIENT = re.search(r"^jupyter_client==\S+", (ROOT / "requirements-dev.txt").read_text(), re.M).group(0)

# Runs in the new environment: starts the kernel by name as any Jupyter frontend does.
DRIVER = """
import json, os, sys
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name="convlab", startup_timeout=60)
info = kc.kernel_info(reply=True, timeout=30)["content"]
stdout, stderr = [], []
def collect(msg):
    if msg["msg_type"] == "stream":
        (stdout if msg["content"]["name"] == "stdout" else stderr).append(msg["content"]["text"])
reply = kc.execute_interactive(sys.stdin.read(), output_hook=collect, timeout=120)["content"]
pid = km.provisioner.process.pid
result = {
    "resource_dir": km.kernel_spec.resource_dir,
    "argv": km.kernel_spec.argv,
    "version": info["implementation_version"],
    "status": reply["status"],
    "stdout": "".join(stdout),
    "stderr": "".join(stderr),
    "exe": os.readlink(f"/proc/{pid}/exe"),
}
kc.stop_channels()
km.shutdown_kernel(now=False)
print(json.dumps(result))
"""


@pytest.fixture(scope="module")
def wheel():
    if os.environ.get("CONVLAB_WHEEL"):
        return Path(os.environ["CONVLAB_WHEEL"])
    run = subprocess.run(["bash", "scripts/build_wheel.sh"], cwd=ROOT, capture_output=True, text=True, timeout=3000)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return ROOT / run.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def environment(wheel, tmp_path_factory):
    """A new venv holding the wheel and jupyter_client, and the bare environment variables
    its commands run with (its bin/ not on PATH, HOME empty so no user kernelspec counts)."""
    temp = tmp_path_factory.mktemp("install")
    venv = temp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(temp / "home"), "LANG": "C.UTF-8"}
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel), JUPYTER_CLIENT],
        check=True, timeout=600, env={**env, "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))},
    )
    return venv, env


def installed_binary(venv):
    (binary,) = venv.glob("lib/python3*/site-packages/convlab_kernel/bin/convlab")
    return binary


def test_the_wheel_is_a_manylinux_wheel_named_by_the_binarys_version(wheel):
    assert re.fullmatch(r"convlab_kernel-\d+\.\d+\.\d+-py3-none-manylinux_2_\d+_x86_64(\.manylinux\S+)?\.whl", wheel.name), wheel.name


def test_the_kernel_starts_from_the_new_environment_and_prints_pytorchs_numbers(environment):
    venv, env = environment
    run = subprocess.run(
        [str(venv / "bin" / "python"), "-c", DRIVER], input=EXPERIMENT.with_suffix(".py").read_text(),
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["resource_dir"] == str(venv / "share" / "jupyter" / "kernels" / "convlab")
    assert result["argv"][:3] == ["python", "-m", "convlab_kernel"]
    assert result["exe"] == str(installed_binary(venv).resolve())
    assert result["status"] == "ok", result
    assert result["stdout"] == EXPERIMENT.with_suffix(".out").read_text()
    assert result["stderr"] == EXPERIMENT.with_suffix(".err").read_text()
    version = subprocess.run([str(venv / "bin" / "convlab"), "--version"], capture_output=True, text=True, env=env, check=True)
    assert version.stdout.strip() == result["version"]
    (dist_info,) = venv.glob("lib/python3*/site-packages/convlab_kernel-*.dist-info")
    assert dist_info.name == f"convlab_kernel-{result['version']}.dist-info"


def test_jupyter_kernelspec_list_shows_convlab_in_the_environment(environment):
    venv, env = environment
    listing = subprocess.run([str(venv / "bin" / "jupyter"), "kernelspec", "list", "--json"], capture_output=True, text=True, env=env, check=True, timeout=60)
    specs = json.loads(listing.stdout)["kernelspecs"]
    assert specs["convlab"]["resource_dir"] == str(venv / "share" / "jupyter" / "kernels" / "convlab")
    assert specs["convlab"]["spec"]["metadata"]["supported_encryption"] == "curve"
    plain = subprocess.run([str(venv / "bin" / "jupyter"), "kernelspec", "list"], capture_output=True, text=True, env=env, check=True, timeout=60)
    assert re.search(r"^\s*convlab\s+" + re.escape(str(venv / "share" / "jupyter" / "kernels" / "convlab")) + "$", plain.stdout, re.M), plain.stdout


def test_the_binary_carries_swift_and_finds_libzmq_and_openblas_in_the_wheels_libs(environment):
    venv, _ = environment
    binary = installed_binary(venv)
    ldd = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True).stdout
    assert "not found" not in ldd, ldd
    assert not re.search(r"libswift|libFoundation|libdispatch|libBlocksRuntime", ldd), ldd
    libs = binary.parents[2] / "convlab_kernel.libs"
    resolved = dict(re.findall(r"^\s*(\S+) => (\S+) \(", ldd, re.M))
    for library in ("libzmq", "libopenblas"):
        (name,) = [name for name in resolved if name.startswith(library)]
        assert Path(resolved[name]).resolve().parent == libs, ldd
