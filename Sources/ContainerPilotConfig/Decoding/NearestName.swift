/// The known name a mistyped one was probably meant to be, for "did you mean" in messages.
enum NearestName {
    /// The name of `candidates` nearest to `name` in edits, ignoring letter case, when it is near enough to be a
    /// typo: one edit for short names, two for names of six characters or more.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let typed = name.lowercased()
        let nearest = candidates.map { (name: $0, distance: editDistance($0.lowercased(), typed)) }
            .min { $0.distance < $1.distance }
        guard let nearest, nearest.distance <= max(1, min(2, name.count / 3)) else { return nil }
        return nearest.name
    }

    /// Levenshtein distance over characters: the names are short, so the plain table is enough.
    static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left)
        let b = Array(right)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
