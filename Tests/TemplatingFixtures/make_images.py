#!/usr/bin/env python3
"""Writes seal.png: a 472 x 472 pixel red seal (ring and star) on a transparent ground,
300 dpi in its pHYs chunk (11811 pixels per metre), so it prints about 4 cm wide.
Standard library only; the output is the same bytes on every run.

    python3 Tests/TemplatingFixtures/make_images.py
"""
import math
import pathlib
import struct
import zlib

SIZE = 472
PER_METRE = 11811


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def star(x, y, cx, cy, outer, inner):
    angle = math.atan2(x - cx, cy - y) % (2 * math.pi / 5)
    # Distance of the star's edge at this angle, between a point and the next inner corner.
    half = math.pi / 5
    a = abs(angle - half)
    edge = inner + (outer - inner) * (a / half) ** 1.5
    return math.hypot(x - cx, y - cy) <= edge


def pixels():
    c = SIZE / 2
    rows = []
    for y in range(SIZE):
        row = bytearray([0])
        for x in range(SIZE):
            r = math.hypot(x + 0.5 - c, y + 0.5 - c)
            red = (c - 22 <= r <= c - 4) or star(x + 0.5, y + 0.5, c, c, c * 0.42, c * 0.17)
            row += bytes([200, 20, 20, 255]) if red else bytes([255, 255, 255, 0])
        rows.append(bytes(row))
    return b"".join(rows)


def main():
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b"pHYs", struct.pack(">IIB", PER_METRE, PER_METRE, 1))
    png += chunk(b"IDAT", zlib.compress(pixels(), 9))
    png += chunk(b"IEND", b"")
    (pathlib.Path(__file__).parent / "seal.png").write_bytes(png)


if __name__ == "__main__":
    main()
