"""The release binary runs on any x86-64 CPU: AVX2 and FMA instructions appear only in
ConvSIMD's kernels (which ConvEngine calls after CPUID has found them) and in BoringSSL's
routines (which choose their own at run time), never in code every CPU runs."""
import platform
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONVLAB = ROOT / ".build" / "release" / "convlab"
FUNCTION = re.compile(r"^[0-9a-f]+ <(.+)>:$")
WIDE = re.compile(r"%ymm|%zmm|\bvfn?m(add|sub)")


@pytest.mark.skipif(platform.machine() != "x86_64" or shutil.which("objdump") is None,
                    reason="x86-64 with binutils only")
def test_avx2_code_only_in_convsimd_and_boringssl():
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(CONVLAB)], capture_output=True, text=True,
                             check=True).stdout
    wide, function = set(), None
    for line in listing.splitlines():
        if match := FUNCTION.match(line):
            function = match.group(1)
        elif function and WIDE.search(line):
            wide.add(function)
    kernels = {f for f in wide if f.startswith("$s8ConvSIMD")}
    assert kernels, "ConvSIMD's kernels use no AVX2/FMA: the Haswell build flags are gone"
    assert {f for f in wide if not f.startswith("$s8ConvSIMD") and not f.startswith("CCryptoBoringSSL")} == set()
