#!/usr/bin/env python3
"""Generates the tables of the glibc-compatible kernels in Sources/CUnderstudyMath:

  python3 Scripts/glibc-tables.py sincos > Sources/CUnderstudyMath/glibc_sincos_tables.h
  python3 Scripts/glibc-tables.py pow    > Sources/CUnderstudyMath/glibc_pow_tables.h
  python3 Scripts/glibc-tables.py powf   > Sources/CUnderstudyMath/glibc_powf_tables.h

Add `--libm /lib/x86_64-linux-gnu/libm.so.6` to also check that every emitted table occurs, byte
for byte, in an x86-64 glibc libm (checked with Debian 12's glibc 2.36-9+deb12u14, whose
__pow_fma, __powf_fma and __sin_fma/__cos_fma the kernels follow). Needs mpmath (pip install
mpmath). Check against the committed files with
`python3 Scripts/glibc-tables.py sincos | diff - Sources/CUnderstudyMath/glibc_sincos_tables.h`.

Where each table comes from:
- sincos: glibc's sysdeps/ieee754/dbl-64/sincostab.c (__sincostab) and branred.h (toverp).
  toverp, the base-2^24 digits of 2/π, and 422 of sincostab's 440 entries are derived here from
  their definitions. The other 18 (correction terms ssn/ccs, listed in SINCOS_GLIBC_VALUES) are
  not the nearest doubles to their definition: glibc's table has them 1-2 (once 39) units off in
  the last place, and its sin/cos compute with them, so they are COPIED from glibc's __sincostab
  (as first committed; --libm confirms them against libm.so.6's bytes).
- pow: glibc's sysdeps/ieee754/dbl-64/e_pow_log_data.c (__pow_log_data.tab, from ARM's
  optimized-routines) and e_exp_data.c (__exp_data.tab). Both are derived here from the
  definitions their source comments give; nothing is copied.
- powf: glibc's sysdeps/ieee754/flt-32/e_powf_log2_data.c (__powf_log2_data.tab) and
  e_exp2f_data.c (__exp2f_data.tab, N = 32). exp2f's table and every logc = double(log2(1/invc))
  are derived here. The 16 invc values are COPIED (as first committed; --libm confirms them):
  ARM's optimized-routines chose each by a numerical search among candidates near 1/centre of
  its subinterval, to make the rounding error of logc small, and adjusted the ones around 1;
  that search is not specified precisely enough to rerun.
"""
import struct
import sys

import mpmath
from mpmath import mpf

mpmath.mp.prec = 400


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def from_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b % 2**64))[0]


def hexf(v):
    """C hex literal with 13 hex digits (Python's float.hex), 0 as 0.0."""
    return "0.0" if v == 0 else v.hex()


def hexf_c(v):
    """Hex literal as glibc's C sources write it: trailing zeros of the fraction dropped."""
    sign, rest = ("-", v.hex()[1:]) if v < 0 else ("", v.hex())
    mant, exp = rest.split("p")
    mant = mant.rstrip("0").rstrip(".")
    return sign + mant + "p" + exp


# --- sin/cos ---------------------------------------------------------------------------------

# (i, k) -> glibc's value, where k = 1 is ssn and k = 3 is ccs of row i: copied from glibc 2.36's
# __sincostab (sysdeps/ieee754/dbl-64/sincostab.c), with the nearest double to the definition beside it.
SINCOS_GLIBC_VALUES = {
    (2, 1): ("-0x1.2ab639a9f0777p-63", "nearest is ...776"),
    (10, 1): ("-0x1.921915299468cp-58", "nearest is ...68b"),
    (23, 1): ("-0x1.32c5c8b81c940p-66", "nearest is ...919"),
    (26, 3): ("0x1.e3a0d3e03b1d5p-57", "nearest is ...1d4"),
    (27, 1): ("-0x1.9883b57d6cdebp-58", "nearest is ...dea"),
    (33, 1): ("-0x1.9b8c29dfd8ec8p-56", "nearest is ...ec7"),
    (34, 1): ("-0x1.9fb0a0c93e2b5p-56", "nearest is ...2b4"),
    (36, 1): ("0x1.46076fe0dcff5p-56", "nearest is ...ff4"),
    (40, 1): ("0x1.03d5504878398p-63", "nearest is ...39a"),
    (44, 3): ("-0x1.660aec7ef636cp-58", "nearest is ...36b"),
    (70, 3): ("0x1.8ff7947027a16p-58", "nearest is ...a15"),
    (75, 1): ("-0x1.f190c70cbb5ffp-58", "nearest is ...5fe"),
    (75, 3): ("-0x1.b83d607cd5070p-63", "nearest is ...072"),
    (79, 3): ("0x1.95e25736c0358p-60", "nearest is ...357"),
    (85, 1): ("-0x1.97653a7d2f07bp-56", "nearest is ...07a"),
    (90, 1): ("0x1.0da05738cc59ap-61", "nearest is ...59c"),
    (94, 1): ("0x1.c843b4d0fb198p-58", "nearest is ...197"),
    (107, 1): ("0x1.ad1197ccd0393p-59", "nearest is ...392"),
}


def sincos_tables():
    rows = []
    for i in range(110):
        x = mpf(i) / 128
        s, c = mpmath.sin(x), mpmath.cos(x)
        sn, cs = float(s), float(c)
        row = [sn, float(s - sn), cs, float(c - cs)]
        for k in (1, 3):
            if (i, k) in SINCOS_GLIBC_VALUES:
                glibc = float.fromhex(SINCOS_GLIBC_VALUES[(i, k)][0])
                assert glibc != row[k], (i, k)   # an override that equals the nearest is stale
                row[k] = glibc
        rows.append(row)
    digits = []
    with mpmath.workprec(2000):                   # 75 digits are 1800 bits of 2/π
        f = 2 / mpmath.pi
        for _ in range(75):
            f *= 2**24
            d = int(mpmath.floor(f))
            digits.append(d)
            f -= d
    return rows, digits


def emit_sincos():
    rows, digits = sincos_tables()
    out = ["// Generated by Scripts/glibc-tables.py sincos: the tables of glibc_sincos.c, equal bit for bit\n"
           "// to glibc 2.36's sincostab.c and branred.h. Do not edit.\n\n"
           "/// sincostab: for i = 0...109 and x = i/128, sn = sin x, ssn = sin x − sn, cs = cos x,\n"
           "/// ccs = cos x − cs, each rounded to double, four per row. 18 of glibc's published correction\n"
           "/// terms (ssn or ccs at i = 2, 10, 23, 26, 27, 33, 34, 36, 40, 44, 70, 75 (both), 79, 85, 90,\n"
           "/// 94, 107) are not the nearest doubles (1–2 units off in their last place, at i = 23 39 units);\n"
           "/// they are glibc's values here, as glibc computes with them.\n"
           "static const double us_sincos_table[440] = {\n"]
    for i, row in enumerate(rows):
        out.append("    " + ", ".join(hexf(v) for v in row) + f",   // {i}/128\n")
    out.append("};\n\n"
               "/// 2/π in base 2^24: its first 75 digits (branred.h toverp).\n"
               "static const double us_toverp[75] = {\n")
    lines = [", ".join(f"{d}.0" for d in digits[j:j + 8]) for j in range(0, 75, 8)]
    out.append(",\n".join("    " + line for line in lines) + "\n};\n")
    blobs = [struct.pack("<440d", *[v for r in rows for v in r]), struct.pack("<75d", *digits)]
    return "".join(out), blobs


# --- pow -------------------------------------------------------------------------------------

def pow_tables():
    n = 128
    log_rows = []
    for i in range(n):
        # The i-th subinterval of z in [0x1.69555p-1, 0x1.69555p0): bits 0x3FE6955500000000 + i·2^45.
        lo = mpf(from_bits(0x3FE6955500000000 + i * 2**45))
        hi = mpf(from_bits(0x3FE6955500000000 + (i + 1) * 2**45))
        centre = (lo + hi) / 2
        invc = float(mpmath.nint(n / centre) / n if centre < 1 else mpmath.nint(2 * n / centre) / (2 * n))
        logc_exact = -mpmath.ln(mpf(invc))
        logc = float(mpmath.nint(logc_exact * 2**43) / 2**43)
        log_rows.append([invc, logc, float(logc_exact - mpf(logc))])
    exp_rows = []
    for k in range(n):
        x = mpmath.power(2, mpf(k) / n)
        h = float(x)
        exp_rows.append([bits(float((x - h) / h)), (bits(h) - k * 2**45) % 2**64])
    return log_rows, exp_rows


def emit_pow():
    log_rows, exp_rows = pow_tables()
    out = ["// Generated by Scripts/glibc-tables.py pow: the tables of glibc_pow.c, equal bit for bit to\n"
           "// glibc 2.36's e_pow_log_data.c and e_exp_data.c. Do not edit.\n\n"
           "/// For i in 0..<128, the subinterval of z whose bits are 0x3FE6955500000000 + i·2^45 up to the\n"
           "/// next one, centre m (midpoint of its ends), then\n"
           "///   invc = 1/c = m < 1 ? round(128/m)/128 : round(256/m)/256,\n"
           "///   logc = round(2^43·log c)/2^43, logctail = double(log c - logc),\n"
           "/// stored as invc, logc, logctail.\n"
           "static const double us_pow_log_table[384] = {\n"]
    out += ["    " + ", ".join(hexf(v) for v in row) + ",\n" for row in log_rows]
    out.append("};\n\n"
               "/// For k in 0..<128, H = double(2^(k/128)) and T = double((2^(k/128) - H)/H), stored as\n"
               "/// bits(T), bits(H) - k·2^45 (the exponent of k/128 is added back at run time).\n"
               "static const uint64_t us_pow_exp_table[256] = {\n")
    out += [f"    0x{t:016x}, 0x{h:016x},\n" for t, h in exp_rows]
    out.append("};\n")
    # glibc's log table rows are {invc, pad, logc, logctail} with pad = 0.
    blobs = [struct.pack("<512d", *[v for r in log_rows for v in (r[0], 0.0, r[1], r[2])]),
             struct.pack("<256Q", *[v for r in exp_rows for v in r])]
    return "".join(out), blobs


# --- powf ------------------------------------------------------------------------------------

# invc of e_powf_log2_data.c, COPIED from glibc (see the header); logc is derived from them.
POWF_INVC = [
    "0x1.661ec79f8f3bep+0", "0x1.571ed4aaf883dp+0", "0x1.49539f0f010bp+0", "0x1.3c995b0b80385p+0",
    "0x1.30d190c8864a5p+0", "0x1.25e227b0b8eap+0", "0x1.1bb4a4a1a343fp+0", "0x1.12358f08ae5bap+0",
    "0x1.0953f419900a7p+0", "0x1p+0", "0x1.e608cfd9a47acp-1", "0x1.ca4b31f026aap-1",
    "0x1.b2036576afce6p-1", "0x1.9c2d163a1aa2dp-1", "0x1.886e6037841edp-1", "0x1.767dcf5534862p-1",
]


def powf_tables():
    log2_rows = []
    for text in POWF_INVC:
        invc = float.fromhex(text)
        log2_rows.append([invc, float(-mpmath.log(mpf(invc), 2)) + 0.0])
    exp2 = [(bits(float(mpmath.power(2, mpf(i) / 32))) - i * 2**47) % 2**64 for i in range(32)]
    return log2_rows, exp2


def emit_powf():
    log2_rows, exp2 = powf_tables()
    out = ["// Generated by Scripts/glibc-tables.py powf: the tables of glibc_powf.c, equal bit for bit to\n"
           "// glibc 2.36's e_powf_log2_data.c and e_exp2f_data.c. Do not edit.\n\n"
           "/// (invc, logc) per subinterval: invc near 1/c (glibc's choice, copied), logc = log2(c).\n"
           "static const double us_powf_log2_table[32] = {\n"]
    out += ["    " + ", ".join(hexf_c(v) for v in row) + ",\n" for row in log2_rows]
    out.append("};\n\n"
               "/// bits(2^(i/32)) − i·2^47 for i = 0..<32.\n"
               "static const uint64_t us_powf_exp2_table[32] = {\n")
    out += ["    " + ", ".join(f"0x{v:016X}" for v in exp2[j:j + 4]) + ",\n" for j in range(0, 32, 4)]
    out.append("};\n")
    blobs = [struct.pack("<32d", *[v for r in log2_rows for v in r]), struct.pack("<32Q", *exp2)]
    return "".join(out), blobs


def main(argv):
    emitters = {"sincos": emit_sincos, "pow": emit_pow, "powf": emit_powf}
    if len(argv) not in (2, 4) or argv[1] not in emitters or (len(argv) == 4 and argv[2] != "--libm"):
        sys.exit("usage: glibc-tables.py sincos|pow|powf [--libm PATH/libm.so.6]")
    text, blobs = emitters[argv[1]]()
    if len(argv) == 4:
        lib = open(argv[3], "rb").read()
        missing = [i for i, blob in enumerate(blobs) if lib.find(blob) < 0]
        if missing:
            sys.exit(f"error: table(s) {missing} of {argv[1]} not found in {argv[3]}")
        print(f"all {len(blobs)} {argv[1]} tables found in {argv[3]}", file=sys.stderr)
    sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
