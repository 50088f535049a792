"""Draws the kernelspec logos (kernelspec/convlab/logo-32x32.png, logo-64x64.png):
a 4x4 input grid in conv_arithmetic's blue with a shaded 3x3 kernel window in teal."""
import struct
import zlib
from pathlib import Path


def png(size: int) -> bytes:
    blue, teal, edge, back = (68, 114, 196), (44, 160, 150), (255, 255, 255), (250, 250, 250)
    cell = size / 4
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            cx, cy = int(x / cell), int(y / cell)
            on_line = x % cell < max(1, size // 32) or y % cell < max(1, size // 32)
            colour = edge if on_line else (teal if cx < 3 and cy < 3 else blue)
            row += bytes(colour if x < size and y < size else back)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


if __name__ == "__main__":
    folder = Path(__file__).resolve().parent.parent / "kernelspec" / "convlab"
    folder.mkdir(parents=True, exist_ok=True)
    for size in (32, 64):
        (folder / f"logo-{size}x{size}.png").write_bytes(png(size))
