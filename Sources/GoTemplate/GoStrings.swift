/// Go's `strings.TrimSpace`, `strings.Split` and `strings.Replace(-1)` on UTF-8 bytes, so results match Go's
/// byte for byte (Swift's `String` compares grapheme clusters, which would treat `e` + combining accent apart).
enum GoStrings {
    /// Removes leading and trailing white space (Unicode's, as Go's `unicode.IsSpace`).
    static func trimSpace(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Every piece of `text` between occurrences of `separator`, empty pieces included; an empty separator cuts
    /// after each Unicode scalar.
    static func split(_ text: String, separator: String) -> [String] {
        if separator.isEmpty { return text.unicodeScalars.map { String($0) } }
        let bytes = Array(text.utf8)
        var pieces: [String] = []
        var start = 0
        for match in occurrences(of: Array(separator.utf8), in: bytes) {
            pieces.append(String(decoding: bytes[start..<match], as: UTF8.self))
            start = match + separator.utf8.count
        }
        pieces.append(String(decoding: bytes[start...], as: UTF8.self))
        return pieces
    }

    /// Every non-overlapping `from` in `text` replaced by `replacement`; an empty `from` inserts the replacement
    /// before each scalar and at the end, as Go does.
    static func replaceAll(_ text: String, _ from: String, with replacement: String) -> String {
        if from.isEmpty {
            var output = replacement
            for scalar in text.unicodeScalars {
                output.unicodeScalars.append(scalar)
                output += replacement
            }
            return output
        }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var start = 0
        for match in occurrences(of: Array(from.utf8), in: bytes) {
            output += bytes[start..<match]
            output += replacement.utf8
            start = match + from.utf8.count
        }
        output += bytes[start...]
        return String(decoding: output, as: UTF8.self)
    }

    /// Offsets of the non-overlapping occurrences of `needle`, left to right.
    private static func occurrences(of needle: [UInt8], in bytes: [UInt8]) -> [Int] {
        var matches: [Int] = []
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) {
                matches.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        return matches
    }
}
