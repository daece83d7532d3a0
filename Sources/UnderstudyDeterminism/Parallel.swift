import Dispatch
import Synchronization

/// Runs `body(0) … body(count - 1)` on up to `jobs` threads and returns the results in index
/// order, so the combined result never depends on the number of workers or on scheduling
/// (`--jobs 1` and `--jobs N` give the same bytes). `body` must not share mutable state.
public func parallelMap<T: Sendable>(_ count: Int, jobs: Int, _ body: @Sendable (Int) -> T) -> [T] {
    precondition(count >= 0 && jobs >= 1)
    if jobs == 1 || count <= 1 { return (0..<count).map(body) }
    let slots = ResultSlots<T>(count)
    let workers = min(jobs, count)
    // Workers take the next index as they become free (units differ in cost); whichever
    // worker computes index i, its result lands in slot i, so the output is the same.
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
            if i >= count { break }
            slots.store(body(i), at: i)
        }
    }
    return slots.values()
}

/// Write-once result slots shared by the workers of `parallelMap`; each index is written by
/// exactly one worker, and read only after all workers finish.
private final class ResultSlots<T>: @unchecked Sendable {
    private let count: Int
    private let base: UnsafeMutablePointer<T?>
    init(_ count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }
    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
    func store(_ value: T, at index: Int) { base[index] = value }
    func values() -> [T] { (0..<count).map { base[$0]! } }
}
