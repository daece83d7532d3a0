import Determinism
import Glibc

let glibcPowBenchmarks: [Benchmark] = []
