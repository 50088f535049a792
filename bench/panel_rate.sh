#!/usr/bin/env bash
# One core's matrix-product rate, two ways, on the shapes of the suite's sgemm-bound
# layers: ConvSIMD's PanelProductAVX2 (4 x 24 tile, Swift SIMD) and OpenBLAS's sgemm
# (pinned to its Haswell kernels, as convlab runs it). Each shape is timed by both in
# turn, rounds interleaved, best of the rounds (a shared VM's speed drifts).
#
#   bash bench/panel_rate.sh [ROUNDS]
#
# Needs swiftc and libopenblas-dev (both there after scripts/test.sh). x86-64 with AVX2 + FMA.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
swiftc -O -wmo -module-name PanelRate -target-cpu haswell -Xllvm -enable-gvn-memdep=false \
    "$root/bench/panel_rate/main.swift" "$root/Sources/ConvSIMD/PanelProductAVX2.swift" \
    "$root/Sources/ConvSIMD/UnalignedLanes.swift" -o "$work/panel_rate"
cc -O2 "$root/bench/panel_rate/sgemm.c" -o "$work/sgemm_rate" -lopenblas
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}" OPENBLAS_NUM_THREADS=1

# rows (output channels x taps), depth (input channels x taps), columns (positions).
shapes=(
    "128 1024 1024   dcgan2 sub-pixel phase (128 out, 256 in x 4 taps, 16 samples x 8x8)"
    "1024 256 1024   dcgan2 lowered, one thread's share (64 out x 16 taps, 256 in)"
    "256 1152 784    down_conv lowered (256 out, 128 in x 9 taps, 4 samples x 14x14)"
    "64 576 3136     resnet_conv lowered (64 out, 64 in x 9 taps, 56x56)"
    "32 128 1024     grouped_convT sub-pixel phase (32 out, 32 in x 4 taps)"
)
printf '%-6s %-6s %-8s %12s %12s  %s\n' rows depth columns "panel GF/s" "sgemm GF/s" shape
for shape in "${shapes[@]}"; do
    read -r m k n label <<< "$shape"
    panel=0 sgemm=0
    for _ in $(seq "$rounds"); do
        # Each rate captured on its own, so that a failing run stops the script (set -e).
        rate=$("$work/panel_rate" "$m" "$k" "$n")
        panel=$(printf '%s\n%s\n' "$panel" "$rate" | sort -g | tail -1)
        rate=$("$work/sgemm_rate" "$m" "$k" "$n")
        sgemm=$(printf '%s\n%s\n' "$sgemm" "$rate" | sort -g | tail -1)
    done
    printf '%-6s %-6s %-8s %12s %12s  %s\n' "$m" "$k" "$n" "$panel" "$sgemm" "$label"
done
