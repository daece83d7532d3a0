import UnderstudyDeterminism

/// NumPy `.npy` files, format version 1.0, little-endian float64 (`'<f8'`), C order.
public enum Npy {
    /// The bytes of an `.npy` file holding `values` with `shape` (row-major). The header is
    /// NumPy's own: `{'descr': '<f8', 'fortran_order': False, 'shape': (…), }`, padded with
    /// spaces and a final newline so the data starts at a multiple of 64 bytes, as
    /// `numpy.save` writes it.
    public static func encode(_ values: [Double], shape: [Int]) -> [UInt8] {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(dims), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let headerLength = header.utf8.count
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)]
        bytes += Array(header.utf8)
        bytes.reserveCapacity(bytes.count + 8 * values.count)
        for v in values {
            let bits = v.bitPattern
            for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
        }
        return bytes
    }
}

extension Demonstrations {
    /// The names of the arrays `writeNpy` writes, in order.
    public static let npyArrays = ["initial_states", "episode_lengths", "states", "actions", "observations", "rewards", "terminated"]

    /// Writes the episodes as `.npy` arrays (all `'<f8'`) into `directory`:
    /// `initial_states` (E × d), `episode_lengths` (E), and, with the steps of all episodes
    /// concatenated in order (T = Σ lengths), `states` (T × d, the state after each step),
    /// `actions` (T × k; a discrete action is its index, k = 1), `observations` (T × o),
    /// `rewards` (T) and `terminated` (T, 0 or 1). Episode e's steps are rows
    /// Σ_{j<e} len_j ..< Σ_{j≤e} len_j.
    public func writeNpy(directory: String) throws {
        let environment = try makeEnvironment()
        let d = stateNames.count
        let o = environment.observationSize
        let k: Int = if case .box(let low, _) = environment.actionSpace { low.count } else { 1 }
        var initial: [Double] = [], lengths: [Double] = [], states: [Double] = [], actions: [Double] = []
        var observations: [Double] = [], rewards: [Double] = [], terminated: [Double] = []
        for e in episodes {
            initial += e.initialState
            lengths.append(Double(e.stepCount))
            for s in e.states { states += s }
            for a in e.actions {
                switch a {
                case .discrete(let i): actions.append(Double(i))
                case .continuous(let v): actions += v
                }
            }
            if e.observations.count == e.stepCount {
                for ob in e.observations { observations += ob }
            } else {
                observations += [Double](repeating: .nan, count: e.stepCount * o)
            }
            rewards += e.rewards
            terminated += e.terminated.map { $0 ? 1 : 0 }
        }
        let t = Int(lengths.reduce(0, +))
        let files: [(String, [Double], [Int])] = [
            ("initial_states", initial, [episodes.count, d]), ("episode_lengths", lengths, [episodes.count]),
            ("states", states, [t, d]), ("actions", actions, [t, k]), ("observations", observations, [t, o]),
            ("rewards", rewards, [t]), ("terminated", terminated, [t]),
        ]
        for (name, values, shape) in files {
            try AtomicFile.write(Npy.encode(values, shape: shape), to: directory + "/" + name + ".npy")
        }
    }
}
