#!/usr/bin/env python3
"""Prints the constants of Sources/UnderstudyDeterminism/Encoding/SHA256.swift from their
definition in FIPS 180-4: the initial hash value H(0) (first 32 bits of the fractional parts of
the square roots of the first 8 primes, section 5.3.3) and the round constants K (the same of
the cube roots of the first 64 primes, section 4.2.2). Integer arithmetic only, so exact.

They sit inside code, so this script does not write the file; it prints the two literals as
SHA256.swift spells them, and with --check verifies that the file contains them verbatim:
  python3 Scripts/sha256-constants.py --check
"""
import os
import sys


def primes(n):
    found = []
    candidate = 2
    while len(found) < n:
        if all(candidate % p for p in found):
            found.append(candidate)
        candidate += 1
    return found


def iroot(x, k):
    """floor(x^(1/k)) for a non-negative integer x."""
    r = int(round(x ** (1.0 / k)))
    while r ** k > x:
        r -= 1
    while (r + 1) ** k <= x:
        r += 1
    return r


def fraction_bits(p, k):
    """First 32 bits of the fractional part of p^(1/k)."""
    return iroot(p << (32 * k), k) & 0xFFFFFFFF


def main(argv):
    h0 = [fraction_bits(p, 2) for p in primes(8)]
    k = [fraction_bits(p, 3) for p in primes(64)]
    state = "        (" + ", ".join(f"0x{v:08x}" for v in h0) + ")\n"
    rounds = "    private static let k: [UInt32] = [\n" + "".join(
        "        " + ", ".join(f"0x{v:08x}" for v in k[i:i + 8]) + ",\n" for i in range(0, 64, 8)) + "    ]\n"
    if argv[1:] == ["--check"]:
        path = os.path.join(os.path.dirname(__file__), "..", "Sources", "UnderstudyDeterminism", "Encoding", "SHA256.swift")
        text = open(path, encoding="utf-8").read()
        missing = [name for name, snippet in (("H(0)", state), ("K", rounds)) if snippet not in text]
        if missing:
            sys.exit(f"error: SHA256.swift does not contain the FIPS 180-4 {' and '.join(missing)}")
        print("SHA256.swift: H(0) and K equal FIPS 180-4's definitions")
    else:
        sys.stdout.write(state + "\n" + rounds)


if __name__ == "__main__":
    main(sys.argv)
