#!/bin/sh
# Builds the libFuzzer targets of Fuzz/Targets with `swiftc -sanitize=fuzzer,address`, apart
# from the package (its own build is untouched), and runs each for a bounded time on its seed
# corpus in Fuzz/corpus/<target>/.
#
#   Fuzz/run.sh              # smoke run: 20 s per target
#   Fuzz/run.sh 10           # what `make test` (and so CI) runs
#   Fuzz/run.sh 300          # longer run: 5 minutes per target
#   Fuzz/run.sh 120 png      # only the named targets
#
# Each module a target needs is compiled once, instrumented, into .build-fuzz/modules/ (one
# object and one .swiftmodule per module, in dependency order), and every target links the
# objects it needs, so the modules several targets share are built once. The `shard` target
# compiles Sources/UnderstudyHarness/ShardInfo.swift with it instead of the whole harness
# (which would bring cairo and the reports).
#
# New inputs are written to a scratch corpus under .build-fuzz/, never into Fuzz/corpus; a
# crash leaves crash-* in .build-fuzz/ and makes this script exit non-zero.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-20}
[ $# -gt 0 ] && shift
targets=${*:-toml json manifest spec png demos shard}
out=.build-fuzz
modules=$out/modules
mkdir -p "$modules"

# Only -O is fast enough to find anything in a smoke run; -wmo gives one object per module.
SWIFTC="swiftc -sanitize=fuzzer,address -parse-as-library -O -I $modules -I $modules/CUnderstudyPNG -I $modules/CUnderstudyMath -I Sources/CUnderstudyZlib"

module() { # name, dependencies' objects are linked later; sources come from Sources/<name>
    [ -f "$modules/$1.o" ] && return 0
    $SWIFTC -wmo -module-name "$1" -emit-module -emit-module-path "$modules/$1.swiftmodule" \
        $(find Sources/"$1" -name '*.swift' | sort) -c -o "$modules/$1.o.partial"
    mv "$modules/$1.o.partial" "$modules/$1.o"  # an interrupted compile leaves no object behind
}

c_module() { # name: a C target of Sources/<name> with its include/ directory
    [ -f "$modules/$1.o" ] && return 0
    mkdir -p "$modules/$1"
    printf 'module %s {\n    umbrella "%s"\n    export *\n}\n' "$1" "$PWD/Sources/$1/include" > "$modules/$1/module.modulemap"
    for c in Sources/"$1"/*.c; do   # one object per source, then one relocatable object for the module
        clang -fsanitize=fuzzer-no-link,address -O2 -I Sources/"$1"/include -c "$c" -o "$modules/$1/$(basename "$c").o"
    done
    ld -r "$modules/$1"/*.c.o -o "$modules/$1.o.partial"
    mv "$modules/$1.o.partial" "$modules/$1.o"
}

# A module's objects are stale when any of its sources is newer (a local re-run after an edit).
for m in $(ls Sources); do
    if [ -f "$modules/$m.o" ] && [ -n "$(find Sources/"$m" -newer "$modules/$m.o" -type f | head -1)" ]; then rm -f "$modules/$m.o"; fi
done

link() { # name, target file, then the modules it needs (objects), then -- and extra sources
    name=$1 file=$2
    shift 2
    objects="" extra=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do objects="$objects $modules/$1.o"; shift; done
    [ $# -gt 0 ] && shift && extra="$*"
    $SWIFTC -module-name "Fuzz$name" $extra Fuzz/Targets/"$file" $objects -lz -o "$out/$name"
}

needs() { # target: the modules it links, in dependency order
    case $1 in
    toml) echo UnderstudyTOML ;;
    json|manifest|shard) echo CUnderstudyMath UnderstudyDeterminism ;;
    spec) echo CUnderstudyMath UnderstudyDeterminism UnderstudyTOML UnderstudyEnvironments UnderstudyLearning UnderstudyImitation UnderstudyExperiments ;;
    png) echo CUnderstudyMath UnderstudyDeterminism CUnderstudyPNG UnderstudyPNG UnderstudyGoldenImage ;;
    demos) echo CUnderstudyMath UnderstudyDeterminism UnderstudyEnvironments ;;
    *) echo "Fuzz/run.sh: no target '$1' (expected toml, json, manifest, spec, png, demos or shard)" >&2; exit 2 ;;
    esac
}

build() { # target
    case $1 in
    toml) link toml TOMLReader.swift $(needs toml) ;;
    json) link json JSONReader.swift $(needs json) ;;
    manifest) link manifest ManifestReader.swift $(needs manifest) ;;
    spec) link spec SpecSchema.swift $(needs spec) ;;
    png) link png PNGDecoder.swift $(needs png) ;;
    demos) link demos DemosReader.swift $(needs demos) ;;
    shard) link shard ShardMetadata.swift $(needs shard) -- Sources/UnderstudyHarness/ShardInfo.swift ;;
    esac
}

for t in $targets; do needs "$t" > /dev/null; done  # an unknown target stops here

# The modules the chosen targets need, compiled in waves of independent modules, each wave's
# compilers side by side (one -wmo compile uses one core).
needed=" $(for t in $targets; do needs "$t"; done | sort -u | tr '\n' ' ') "
wave() {
    pids=""
    for m in "$@"; do
        case "$needed" in *" $m "*) ;; *) continue ;; esac
        case $m in C*) c_module "$m" & ;; *) module "$m" & ;; esac
        pids="$pids $!"
    done
    for p in $pids; do wait "$p"; done
}
wave CUnderstudyMath UnderstudyTOML CUnderstudyPNG
wave UnderstudyDeterminism
wave UnderstudyEnvironments UnderstudyLearning UnderstudyPNG
wave UnderstudyImitation UnderstudyGoldenImage
wave UnderstudyExperiments

run() { # name: its seed corpus is Fuzz/corpus/<name>; spec files get the schema's keys as a dictionary
    mkdir -p "$out/corpus-$1"
    cp -n Fuzz/corpus/"$1"/* "$out/corpus-$1"/ 2>/dev/null || true
    dict=""
    case $1 in spec|toml) dict="-dict=$PWD/Fuzz/spec.dict" ;; esac
    (cd "$out" && "./$1" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 $dict "corpus-$1")
}

pids=""
for t in $targets; do build "$t" & pids="$pids $!"; done
for p in $pids; do wait "$p"; done
for t in $targets; do run "$t"; done
