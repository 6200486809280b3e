/// A generated `serviceDependencies.json`: `services` services and `edges` edges, acyclic but for
/// `cycles` back edges, each closing a cycle of a few services. The same seed gives the same text.
struct SyntheticGraph {
    var services: Int
    var edges: Int
    var cycles: Int
    var seed: UInt64 = 0x5EED

    /// The file's bytes.
    func text() -> [UInt8] {
        var random = SplitMix64(state: seed)
        let perService = max(1, edges / services)
        var remainder = edges - perService * services
        // Each planted cycle is three services b -> b+1 -> b+2 -> b, spread evenly through the file.
        var forced: [Int: Int] = [:]
        let spacing = max(3, services / max(1, cycles))
        for cycle in 0..<cycles where cycle * spacing + 2 < services {
            let base = cycle * spacing
            forced[base] = base + 1
            forced[base + 1] = base + 2
            forced[base + 2] = base
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(edges * 16 + services * 24)
        bytes.append(contentsOf: "{\n".utf8)
        for index in 0..<services {
            bytes.append(contentsOf: "  \"\(Self.name(index))\": [".utf8)
            var targets: [Int] = []
            if let target = forced[index] { targets.append(target) }
            // Other dependencies point at later services only, so they close no cycle.
            let span = services - index - 1
            var count = span > 0 ? perService : 0
            if remainder > 0, count > 0 {
                count += 1
                remainder -= 1
            }
            while targets.count < min(count, span) {
                let target = index + 1 + Int(random.next() % UInt64(span))
                if !targets.contains(target) { targets.append(target) }
            }
            for (slot, target) in targets.enumerated() {
                if slot > 0 { bytes.append(contentsOf: ", ".utf8) }
                bytes.append(contentsOf: "\"\(Self.name(target))\"".utf8)
            }
            bytes.append(contentsOf: (index + 1 < services ? "],\n" : "]\n").utf8)
        }
        bytes.append(contentsOf: "}\n".utf8)
        return bytes
    }

    static func name(_ index: Int) -> String {
        let digits = String(index)
        return "svc-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

/// A small, fast, seedable generator, so runs are repeatable.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
