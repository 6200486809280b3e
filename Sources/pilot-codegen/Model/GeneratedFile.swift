/// One file of a generated reader: where it goes under `--out`, and its exact bytes.
struct GeneratedFile: Equatable, Sendable {
    /// The path relative to the output directory, with `/` between folders.
    var relativePath: String
    /// The file's text, ending with a newline.
    var contents: String
}
