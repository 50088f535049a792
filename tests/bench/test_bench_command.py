"""`convlab bench` through the installed binary: the JSON it prints for people's scripts
(bench/compare_torch.py reads it), the table, the filter and its refusals. Timings are
not asserted: speed targets live in the benchmarks, not in tests."""
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONVLAB = ROOT / ".build" / "release" / "convlab"
KEYS = {"name", "op", "n", "c_in", "c_out", "h", "w", "k", "stride", "padding", "output_padding", "median_ms", "gflops"}


def bench(*args):
    return subprocess.run([str(CONVLAB), "bench", *args], capture_output=True, text=True, timeout=300)


def test_json_describes_each_layer_of_the_suite():
    run = bench("--json", "--no-sgemm", "--threads", "1", "--filter", "article_s3")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["threads"] == 1 and "sgemm_gflops" not in report
    (layer,) = report["results"]
    assert set(layer) == KEYS
    assert (layer["op"], layer["n"], layer["h"], layer["k"], layer["stride"], layer["padding"]) == ("conv_transpose2d", 1, 32, 3, 3, 2)
    # 2 x N*C_in*C_out*k*k*H_in*W_in floating-point operations for a transposed conv.
    assert abs(layer["gflops"] * layer["median_ms"] / 1000 * 1e9 - 2 * 9 * 32 * 32) < 1


def test_table_names_every_layer_and_the_sgemm_peak():
    run = bench("--filter", "dcgan4", "--threads", "2")
    assert run.returncode == 0, run.stderr
    assert "dcgan4" in run.stdout and "conv_transpose2d" in run.stdout
    assert "sgemm 2048^3 through the same BLAS" in run.stdout


def test_refusals():
    assert "no layer of the suite matches" in bench("--filter", "nothing").stderr
    assert "--runs must be at least 7" in bench("--runs", "3").stderr
    assert bench("--threads", "0").returncode != 0


def test_backward_times_the_forward_and_three_gradients():
    run = bench("--json", "--backward", "--no-sgemm", "--threads", "1", "--filter", "article_s3")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["backward"] is True
    (layer,) = report["results"]
    assert set(layer) == KEYS
    # The forward, the input's gradient and the weight's: three times the forward's work.
    assert abs(layer["gflops"] * layer["median_ms"] / 1000 * 1e9 - 3 * 2 * 9 * 32 * 32) < 1
    assert "forward + backward" in bench("--backward", "--no-sgemm", "--filter", "article_s3").stdout
