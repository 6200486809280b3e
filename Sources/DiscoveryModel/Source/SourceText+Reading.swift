import FoundationEssentials

extension SourceText {
    /// Reads a file.
    ///
    /// - Parameters:
    ///   - displayPath: the name to use in messages; defaults to `path`.
    ///   - kind: what the file should be, in words, for the message when the path is a directory
    ///     (`is a directory, not a dependency file`).
    /// - Throws: ``DependencyFileError`` with code `.unreadable`, saying why in one line.
    public convenience init(
        contentsOfFile path: String, displayPath: String? = nil, kind: String = "file"
    ) throws(DependencyFileError) {
        let shownPath = displayPath ?? path
        do {
            let data = try Data(contentsOf: URL(filePath: path))
            self.init(path: shownPath, bytes: Array(data))
        } catch {
            // Reading a directory fails with a generic error whose description is a dump of nested
            // dictionaries; the one fact the user needs is said instead.
            if Self.isDirectory(path) {
                throw DependencyFileError(
                    code: .unreadable, file: shownPath, location: nil, message: "is a directory, not a \(kind)")
            }
            throw DependencyFileError(
                code: .unreadable, file: shownPath, location: nil,
                message: "cannot read the file: \(Self.reason(error))")
        }
    }

    /// The text as one JSON5 document.
    ///
    /// - Throws: ``DependencyFileError`` with code `.syntax` at the line and column of the first error.
    public func parseJSON5() throws(DependencyFileError) -> JSONNode {
        do {
            return try JSON5Scanner.parse(bytes)
        } catch {
            throw DependencyFileError(
                code: .syntax, file: path, location: location(ofOffset: error.offset), message: error.message)
        }
    }

    /// Whether `path` names a directory, after following symbolic links as reading does.
    private static func isDirectory(_ path: String) -> Bool {
        let resolved = URL(filePath: path).resolvingSymlinksInPath().path(percentEncoded: false)
        let attributes = try? FileManager.default.attributesOfItem(atPath: resolved)
        return attributes?[.type] as? FileAttributeType == .typeDirectory
    }

    private static func reason(_ error: any Error) -> String {
        switch (error as? CocoaError)?.code {
        case .fileReadNoSuchFile?: "no such file"
        case .fileReadNoPermission?: "permission denied"
        default: String(describing: error)
        }
    }
}
