/// Writes a file as `services.json` is written (``ServicesFileWriter``: a temporary file created exclusively beside
/// it, renamed over it, no symbolic link followed), for files other than `services.json` such as a rendered
/// configuration: a regular file already there keeps its permissions, and missing directories are not created.
public enum AtomicFile {
    /// Why the write failed: the file, the step and the system's reason.
    public struct Failure: Error, CustomStringConvertible {
        /// One line for the user.
        public var description: String
    }

    /// Replaces the file at `path` with `bytes`, whole or not at all.
    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        do {
            try ServicesFileWriter(path: path, inPlace: false, keepsExistingMode: true, createsDirectories: false)
                .write(bytes)
        } catch {
            throw Failure(description: "\(error)")
        }
    }
}
