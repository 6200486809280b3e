import FoundationEssentials

extension SourceText {
    /// Reads a file.
    ///
    /// - Parameter displayPath: the name to use in messages; defaults to `path`.
    /// - Throws: ``DependencyFileError`` with code `.unreadable`, saying why.
    public convenience init(contentsOfFile path: String, displayPath: String? = nil) throws(DependencyFileError) {
        let shownPath = displayPath ?? path
        do {
            let data = try Data(contentsOf: URL(filePath: path))
            self.init(path: shownPath, bytes: Array(data))
        } catch {
            throw DependencyFileError(
                code: .unreadable, file: shownPath, location: nil, message: "cannot read the file: \(Self.reason(error))")
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

    private static func reason(_ error: any Error) -> String {
        switch (error as? CocoaError)?.code {
        case .fileReadNoSuchFile?: "no such file"
        case .fileReadNoPermission?: "permission denied"
        default: String(describing: error)
        }
    }
}
