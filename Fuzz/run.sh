#!/bin/sh
# Builds the libFuzzer targets of Fuzz/Targets with `swiftc -sanitize=fuzzer,address` (each
# compiled together with the sources of the module it exercises, so the main package's build
# is untouched) and runs each for a bounded time on its seed corpus.
#
#   Fuzz/run.sh            # smoke run: 20 s per target (CI)
#   Fuzz/run.sh 300        # longer run: 5 minutes per target
#
# New inputs are written to a scratch corpus under .build-fuzz/, never into Fuzz/corpus; a
# crash leaves crash-* in .build-fuzz/ and makes this script exit non-zero.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-20}
out=.build-fuzz
mkdir -p "$out"

build() { # name, module directory, target file
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name "Fuzz$1" \
        Sources/"$2"/*.swift $(find Sources/"$2" -mindepth 2 -name '*.swift') Fuzz/Targets/"$3" -o "$out/$1"
}

run() { # name, corpus
    mkdir -p "$out/corpus-$1"
    cp -n Fuzz/corpus/"$2"/* "$out/corpus-$1"/ 2>/dev/null || true
    (cd "$out" && "./$1" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 "corpus-$1")
}

build toml UnderstudyTOML TOMLReader.swift
build json UnderstudyDeterminism JSONReader.swift
build manifest UnderstudyDeterminism ManifestReader.swift
run toml toml
run json json
run manifest manifest
