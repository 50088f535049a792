#!/usr/bin/env bash
# Builds dist/convlab_kernel-<version>-py3-none-manylinux_*.whl, installed the way
# ipykernel is: `pip install dist/convlab_kernel-*.whl`.
#
# The wheel holds
#   convlab_kernel/bin/convlab     the release binary, Swift runtime and Foundation linked in
#                                  (--static-swift-stdlib, built in .build-static)
#   convlab_kernel.libs/           libzmq and OpenBLAS and what they need, vendored by
#                                  `auditwheel repair` (patchelf points the binary at them)
#   convlab_kernel/__main__.py     `python -m convlab_kernel ARGS` execs the binary
#   share/jupyter/kernels/convlab  kernel.json (argv: python -m convlab_kernel kernel ...) and logos
#   bin/convlab                    a console script running the binary
# The version is the binary's own (`convlab --version`, kernel_info's implementation_version).
# Prints the wheel's path on its last line. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup_deps.sh

echo "==> Building convlab (release, static Swift runtime) in .build-static"
swift build -c release --product convlab --static-swift-stdlib --scratch-path .build-static
binary=.build-static/release/convlab
version=$("$binary" --version)
arch=$(uname -m)
name=convlab_kernel-$version
work=.build-static/wheel
stage=$work/$name

echo "==> Staging $name"
rm -rf "$work"
mkdir -p "$stage/convlab_kernel/bin" "$stage/$name.dist-info" "$work/linux"
cp python/convlab_kernel/*.py "$stage/convlab_kernel/"
# Debug info off the copy only: the build's own binary keeps it for backtraces.
strip --strip-debug -o "$stage/convlab_kernel/bin/convlab" "$binary"
chmod 755 "$stage/convlab_kernel/bin/convlab"

# The kernelspec as `convlab kernelspec install` writes it (one place says what it holds),
# started through the environment's python as ipykernel's is: jupyter_client replaces
# `python` with its own interpreter, so no path or PATH is needed.
"$binary" kernelspec install --prefix "$stage/$name.data/data" >/dev/null
.venv/bin/python - "$stage/$name.data/data/share/jupyter/kernels/convlab/kernel.json" <<'PY'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
spec["argv"] = ["python", "-m", "convlab_kernel", *spec["argv"][1:]]
with open(path, "w") as f:
    json.dump(spec, f, indent=2, sort_keys=True)
    f.write("\n")
PY

cat > "$stage/$name.dist-info/METADATA" <<META
Metadata-Version: 2.1
Name: convlab-kernel
Version: $version
Summary: ConvLab: a native Jupyter kernel for convolution and transposed convolution with PyTorch's exact numbers
Requires-Python: >=3.8
META
cat > "$stage/$name.dist-info/WHEEL" <<META
Wheel-Version: 1.0
Generator: scripts/build_wheel.sh
Root-Is-Purelib: false
Tag: py3-none-linux_$arch
META
cat > "$stage/$name.dist-info/entry_points.txt" <<META
[console_scripts]
convlab = convlab_kernel:main
META

echo "==> Packing and repairing (auditwheel vendors libzmq and OpenBLAS)"
.venv/bin/python -m wheel pack "$stage" -d "$work/linux" >/dev/null
rm -f dist/"$name"-*.whl
PATH="$PWD/.venv/bin:$PATH" .venv/bin/auditwheel repair --wheel-dir dist "$work/linux/$name-py3-none-linux_$arch.whl"
ls dist/"$name"-py3-none-manylinux*.whl
