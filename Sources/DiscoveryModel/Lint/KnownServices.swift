/// A list of services known to exist outside the manifest (`pilot lint --known FILE`): one name per line
/// (blank lines and `#` comments ignored), or a JSON array of names.
public enum KnownServices {
    /// Reads a known-services file.
    ///
    /// - Throws: ``DependencyFileError`` when it cannot be read, or is a JSON array holding a non-string.
    public static func load(contentsOfFile path: String) throws(DependencyFileError) -> Set<String> {
        try parse(SourceText(contentsOfFile: path))
    }

    /// Parses the text of a known-services file.
    ///
    /// - Throws: ``DependencyFileError`` for a JSON array that is malformed or holds a non-string.
    public static func parse(_ source: SourceText) throws(DependencyFileError) -> Set<String> {
        let text = String(decoding: source.bytes, as: UTF8.self)
        guard text.drop(while: \.isWhitespace).hasPrefix("[") else {
            let names = text.split(whereSeparator: \.isNewline).map { line in
                let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                return String(content.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            }
            return Set(names.filter { !$0.isEmpty })
        }
        let root = try source.parseJSON5()
        guard case .array(let elements) = root.value else {
            throw DependencyFileError(
                code: .shape, file: source.path, location: source.location(ofOffset: root.offset),
                message: "expected an array of service names, found \(root.value.kindDescription)")
        }
        var names: Set<String> = []
        for element in elements {
            guard case .string(let name) = element.value else {
                throw DependencyFileError(
                    code: .shape, file: source.path, location: source.location(ofOffset: element.offset),
                    message: "expected a service name (a string), found \(element.value.kindDescription)")
            }
            names.insert(name)
        }
        return names
    }
}
