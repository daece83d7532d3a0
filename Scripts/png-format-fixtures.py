#!/usr/bin/env python3
"""Writes Tests/UnderstudyGoldenImageTests/Fixtures/formats/*.png: one small PNG per colour type,
bit depth, tRNS and interlacing that the zlib-only decoder handles, so its tests can compare it
with libpng (through cairo). Standard library only; rerun with `python3 Scripts/png-format-fixtures.py`."""
import os, struct, zlib

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "UnderstudyGoldenImageTests", "Fixtures", "formats")
W, H = 13, 11

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

def pack_row(samples, depth):
    if depth == 8: return bytes(samples)
    if depth == 16: return b"".join(struct.pack(">H", s) for s in samples)
    bits, out = 0, bytearray()
    acc = 0
    for s in samples:
        acc = (acc << depth) | s; bits += depth
        if bits == 8: out.append(acc); acc = 0; bits = 0
    if bits: out.append(acc << (8 - bits))
    return bytes(out)

def write(name, colour, depth, pixel, channels, interlace=False, extra=b""):
    def raw_rows(xs, ys):
        data = bytearray()
        for n, y in enumerate(ys):
            row = pack_row([s for x in xs for s in pixel(x, y)], depth)
            f = (n + y) % 5
            bpp = max(1, channels * depth // 8)
            prev = raw_rows.prev if n > 0 else bytes(len(row))
            out = bytearray()
            for i, v in enumerate(row):
                a = row[i - bpp] if i >= bpp else 0
                b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = [0, a, b, (a + b) // 2, a if pa <= pb and pa <= pc else (b if pb <= pc else c)][f]
                out.append((v - pred) & 0xFF)
            data += bytes([f]) + out
            raw_rows.prev = row
        return bytes(data)
    if interlace:
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        raw = b""
        for x0, y0, dx, dy in passes:
            xs, ys = list(range(x0, W, dx)), list(range(y0, H, dy))
            if xs and ys: raw += raw_rows(xs, ys)
    else:
        raw = raw_rows(list(range(W)), list(range(H)))
    ihdr = struct.pack(">IIBBBBB", W, H, depth, colour, 0, 0, 1 if interlace else 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(os.path.join(OUT, name + ".png"), "wb") as f: f.write(png)

os.makedirs(OUT, exist_ok=True)
v = lambda x, y, m: (x * 37 + y * 91 + (x * y) * 13) % m
write("gray1", 0, 1, lambda x, y: [v(x, y, 2)], 1)
write("gray4-trns", 0, 4, lambda x, y: [v(x, y, 16)], 1, extra=chunk(b"tRNS", struct.pack(">H", 5)))
write("gray16", 0, 16, lambda x, y: [v(x, y, 65536)], 1)
write("rgb16", 2, 16, lambda x, y: [v(x, y, 65536), v(y, x, 65536), v(x + 3, y, 65536)], 3)
write("rgb8-trns", 2, 8, lambda x, y: [v(x, y, 4) * 60, 10, 20], 3, extra=chunk(b"tRNS", struct.pack(">HHH", 60, 10, 20)))
palette = bytes(c for i in range(16) for c in (i * 16, 255 - i * 16, (i * 77) % 256))
write("palette4-trns", 3, 4, lambda x, y: [v(x, y, 16)], 1,
      extra=chunk(b"PLTE", palette) + chunk(b"tRNS", bytes([0, 128, 255, 7, 200])))
write("palette2", 3, 2, lambda x, y: [v(x, y, 4)], 1, extra=chunk(b"PLTE", palette[:12]))
write("grayalpha8", 4, 8, lambda x, y: [v(x, y, 256), v(y, x, 256)], 2)
write("rgba16", 6, 16, lambda x, y: [v(x, y, 65536), v(y, x, 65536), v(x + 3, y, 65536), v(x, y + 5, 65536)], 4)
write("rgba8-interlaced", 6, 8, lambda x, y: [v(x, y, 256), v(y, x, 256), v(x + 3, y, 256), v(x, y + 5, 256)], 4, interlace=True)
write("palette1-interlaced", 3, 1, lambda x, y: [v(x, y, 2)], 1, interlace=True, extra=chunk(b"PLTE", palette[:6]))
