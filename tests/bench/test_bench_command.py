"""`convlab bench` through the installed binary: the JSON it prints for people's scripts
(bench/compare_torch.py reads it), the table, the filter, the directions and the
refusals. Timings are not asserted: speed targets live in the benchmarks, not in tests."""
import json
import math
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONVLAB = ROOT / ".build" / "release" / "convlab"
# A 2-d row; a 1-d row has no "w", a 3-d row has "d" too.
KEYS = {"name", "op", "direction", "dtype", "n", "c_in", "c_out", "h", "w", "k", "stride", "padding", "output_padding",
        "dilation", "groups", "median_ms", "gflops"}
# This CPU's feature flags (Linux's names).
CPU_FLAGS = next((set(line.split(":", 1)[1].split()) for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("flags")), set())


def bench(*args):
    return subprocess.run([str(CONVLAB), "bench", *args], capture_output=True, text=True, timeout=300)


def bench_json(*args):
    run = bench("--json", "--no-sgemm", "--threads", "1", "--runs", "7", *args)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def flops(row):
    """The floating-point operations a row's time and GFLOP/s stand for."""
    return row["gflops"] * row["median_ms"] / 1000 * 1e9


def test_json_describes_each_layer_of_the_suite_in_both_directions():
    report = bench_json("--filter", "article_s3")
    assert report["threads"] == 1 and "sgemm_gflops" not in report
    assert report["directions"] == ["forward", "backward"]
    # The kernels OpenBLAS runs: its AVX2 ones wherever the CPU runs AVX2 + FMA (convlab
    # restarts itself with OPENBLAS_CORETYPE=Haswell when OpenBLAS chose pre-AVX2 or
    # AVX-512 kernels).
    assert report["blas_core"]
    if CPU_FLAGS >= {"avx2", "fma"}:
        assert report["blas_core"].lower() in ("haswell", "zen"), report["blas_core"]
    forward, backward = report["results"]
    assert (forward["direction"], backward["direction"]) == ("forward", "backward")
    for layer in (forward, backward):
        assert set(layer) == KEYS
        assert (layer["op"], layer["n"], layer["h"], layer["w"], layer["k"], layer["stride"], layer["padding"]) == \
            ("conv_transpose2d", 1, 32, 32, 3, 3, 2)
        assert (layer["dtype"], layer["groups"], layer["dilation"]) == ("float32", 1, 1)
    # 2 x N*C_in*C_out*k*k*H_in*W_in floating-point operations for a transposed conv.
    assert abs(flops(forward) - 2 * 9 * 32 * 32) < 1


def test_table_names_every_layer_and_the_sgemm_peak():
    run = bench("--filter", "dcgan4", "--threads", "2", "--direction", "forward")
    assert run.returncode == 0, run.stderr
    assert "dcgan4" in run.stdout and "conv_transpose2d" in run.stdout and "32x32" in run.stdout
    assert "sgemm 2048^3 through the same BLAS" in run.stdout


def test_refusals():
    assert "no layer of the suite matches" in bench("--filter", "nothing").stderr
    assert "--runs must be at least 7" in bench("--runs", "3").stderr
    assert bench("--threads", "0").returncode != 0
    assert "--backward contradicts --direction forward" in bench("--backward", "--direction", "forward").stderr
    assert bench("--direction", "sideways").returncode != 0


@pytest.mark.parametrize("flag", [["--backward"], ["--direction", "backward"]])
def test_backward_times_the_forward_and_three_gradients(flag):
    report = bench_json(*flag, "--filter", "article_s3")
    assert report["directions"] == ["backward"]
    (layer,) = report["results"]
    assert set(layer) == KEYS and layer["direction"] == "backward"
    # The forward, the input's gradient and the weight's: three times the forward's work.
    assert abs(flops(layer) - 3 * 2 * 9 * 32 * 32) < 1
    assert "forward + backward" in bench(*flag, "--no-sgemm", "--filter", "article_s3").stdout


# Issue 19's layers: (name, op, sizes, c_in, c_out, k, stride, padding, output_padding, dilation, groups, dtype).
NEW_LAYERS = [
    ("depthwise", "conv2d", {"h": 56, "w": 56}, 8, 128, 128, 3, 1, 1, 0, 1, 128, "float32"),
    ("dilated", "conv2d", {"h": 64, "w": 64}, 1, 64, 64, 3, 1, 2, 0, 2, 1, "float32"),
    ("convT1d", "conv_transpose1d", {"h": 4096}, 1, 64, 32, 4, 2, 1, 0, 1, 1, "float32"),
    ("convT3d", "conv_transpose3d", {"d": 16, "h": 16, "w": 16}, 1, 32, 16, 3, 2, 1, 1, 1, 1, "float32"),
    ("grouped_convT", "conv_transpose2d", {"h": 16, "w": 16}, 8, 128, 128, 4, 2, 1, 0, 1, 4, "float32"),
    ("resnet_conv_f64", "conv2d", {"h": 56, "w": 56}, 8, 64, 64, 3, 1, 1, 0, 1, 1, "float64"),
]


@pytest.mark.parametrize("layer", NEW_LAYERS, ids=[layer[0] for layer in NEW_LAYERS])
def test_the_new_layers_and_their_fields(layer):
    name, op, sizes, n, c_in, c_out, k, stride, padding, output_padding, dilation, groups, dtype = layer
    rows = [r for r in bench_json("--direction", "forward", "--filter", name)["results"] if r["name"] == name]
    (row,) = rows
    assert set(row) == (KEYS - {"h", "w"}) | set(sizes)
    assert {key: row[key] for key in sizes} == sizes
    assert (row["op"], row["direction"], row["dtype"], row["n"], row["c_in"], row["c_out"], row["k"], row["stride"],
            row["padding"], row["output_padding"], row["dilation"], row["groups"]) == \
        (op, "forward", dtype, n, c_in, c_out, k, stride, padding, output_padding, dilation, groups)


def test_flops_count_groups_and_every_spatial_dimension():
    # A grouped transposed conv: 2 x N x C_in x (C_out / groups) x k^2 x H_in x W_in.
    (grouped,) = bench_json("--direction", "forward", "--filter", "grouped_convT")["results"]
    assert math.isclose(flops(grouped), 2 * 8 * 128 * (128 // 4) * 4 ** 2 * 16 * 16, rel_tol=1e-9)
    # A 3-d transposed conv: 2 x N x C_in x C_out x k^3 x D_in x H_in x W_in.
    (volume,) = bench_json("--direction", "forward", "--filter", "convT3d")["results"]
    assert math.isclose(flops(volume), 2 * 1 * 32 * 16 * 3 ** 3 * 16 ** 3, rel_tol=1e-9)
    # A depthwise conv: 2 x N x C_out x (C_in / groups) x k^2 x H_out x W_out, forward and backward.
    forward, backward = bench_json("--filter", "depthwise")["results"]
    assert math.isclose(flops(forward), 2 * 8 * 128 * 1 * 3 ** 2 * 56 * 56, rel_tol=1e-9)
    assert math.isclose(flops(backward), 3 * flops(forward), rel_tol=1e-9)


def test_peak_memory_of_every_layer_stays_within_the_workspace_bound():
    """bench/peak_memory.py runs each layer of the suite alone, in both directions, and
    fails when one needs more than its tensors plus the stated workspace bound."""
    run = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "bench" / "peak_memory.py"),
                          "--convlab", str(CONVLAB)], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    rows = [line.split() for line in run.stdout.splitlines()[2:]]
    assert len(rows) == 28 and all(row[-1] == "yes" for row in rows), run.stdout
