import Foundation
import UnderstudyDeterminism

/// How long each work unit took to compute on the machine that ran it: `timing.json` of a run
/// directory and the lines `understudy run` prints at the end.
///
/// Wall time is the one cost no rerun reproduces (it depends on the machine, its load and the
/// units running beside it on `--jobs` workers), so it never enters `results.json`, the report
/// or `MANIFEST.sha256`; environment steps and expert labels are the reproducible costs.
/// Units computed by an earlier process keep the time it measured (stored beside each unit);
/// a unit without a measurement is left out rather than guessed.
public struct WallTime: Sendable, Equatable {
    /// The file's name in a run directory.
    public static let fileName = "timing.json"

    /// Per method (spec order, then "Expert"): the measured units and their total seconds.
    public struct MethodTime: Sendable, Equatable {
        public var method: String
        public var units: Int
        public var seconds: Double
        public var meanSeconds: Double { seconds / Double(units) }
    }

    /// Unit id → seconds, for every unit that has a measurement.
    public var units: [String: Double]
    public var methods: [MethodTime]

    /// The measurements `stores` hold for `runner`'s units (a run's own store, or a merge's shards).
    public init(runner: Runner, stores: [RunDirectory]) {
        units = [:]
        var totals: [String: (Int, Double)] = [:]
        for unit in runner.units {
            let id = runner.id(of: unit)
            guard let seconds = stores.lazy.compactMap({ $0.storedUnitSeconds(id) }).first else { continue }
            units[id] = seconds
            let method = unit.method.map { runner.spec.methods[$0].name } ?? "Expert"
            let (n, sum) = totals[method] ?? (0, 0)
            totals[method] = (n + 1, sum + seconds)
        }
        let order = runner.spec.methods.map(\.name) + ["Expert"]
        methods = order.compactMap { name in totals[name].map { MethodTime(method: name, units: $0.0, seconds: $0.1) } }
    }

    /// Nothing was measured (e.g. every unit came from a store written before timing existed).
    public var isEmpty: Bool { units.isEmpty }

    public var json: JSONValue {
        .object([
            "about": .string("Wall-clock seconds each work unit took on the machine that ran it, beside the other units on "
                + "its --jobs workers. A measurement, not a result: reruns differ, so this file lies outside MANIFEST.sha256."),
            "methods": .object(Dictionary(uniqueKeysWithValues: methods.map {
                ($0.method, JSONValue.object(["units": .number(Double($0.units)), "total_seconds": .number($0.seconds),
                                              "mean_seconds_per_unit": .number($0.meanSeconds)]))
            })),
            "units": .object(units.mapValues { .number($0) }),
        ])
    }

    /// One line per method: `GAIL  10 units  31.2 s each  312.0 s in all`.
    public var summaryLines: [String] {
        let width = methods.map(\.method.count).max() ?? 0
        return methods.map { m in
            m.method.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  \(m.units) unit\(m.units == 1 ? "" : "s")  \(Self.format(m.meanSeconds)) each  \(Self.format(m.seconds)) in all"
        }
    }

    static func format(_ seconds: Double) -> String {
        let tenths = (seconds * 10).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10) s"
    }
}
