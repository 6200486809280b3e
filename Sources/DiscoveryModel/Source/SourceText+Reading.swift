import Glibc
import SystemSupport

extension SourceText {
    /// Reads a file, following symbolic links.
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
        switch FileBytes.read(path: path) {
        case .success(let bytes):
            self.init(path: shownPath, bytes: bytes)
        case .failure(let failure) where failure.code == EISDIR:
            // The one fact the user needs, rather than the system's words for it.
            throw DependencyFileError(
                code: .unreadable, file: shownPath, location: nil, message: "is a directory, not a \(kind)")
        case .failure(let failure):
            throw DependencyFileError(
                code: .unreadable, file: shownPath, location: nil,
                message: "cannot read the file: \(Self.reason(failure))")
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

    /// The words used before for the common failures (Foundation's), the system's for the rest.
    private static func reason(_ failure: SystemError) -> String {
        switch failure.code {
        case ENOENT: "no such file"
        case EACCES: "permission denied"
        default: failure.description
        }
    }
}
