/// A template's output with a map back to its source: a position in the output (where a JSON5 parser found an
/// error, say) is traced to the text it was copied from, or to the action that printed it.
public struct RenderedTemplate: Sendable {
    /// One run of output from one origin.
    struct Piece: Sendable {
        /// Where the run starts in the output, in UTF-8 bytes.
        var outputOffset: Int
        /// Where its origin starts in the source, in UTF-8 bytes.
        var sourceOffset: Int
        /// Text copied from the source byte for byte (rather than printed by an action).
        var isVerbatim: Bool
    }

    /// The rendered text.
    public let text: String
    let pieces: [Piece]
    let locator: SourceLocator

    /// The template's name, for messages that cite the source location.
    public var templateName: String { locator.templateName }

    /// The 1-based line and column in the template source that produced the output at `line` and `column`
    /// (1-based, columns in characters): the same character for copied text, the start of the action for printed
    /// text. Nil if the output has no such position.
    public func sourceLocation(line: Int, column: Int) -> (line: Int, column: Int)? {
        guard let offset = outputOffset(line: line, column: column) else { return nil }
        // The last piece starting at or before the offset; pieces are in output order.
        var low = 0
        var high = pieces.count
        while low < high {
            let middle = (low + high) / 2
            if pieces[middle].outputOffset <= offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let piece = pieces[low - 1]
        let sourceOffset = piece.isVerbatim ? piece.sourceOffset + (offset - piece.outputOffset) : piece.sourceOffset
        return locator.location(of: sourceOffset)
    }

    /// The UTF-8 offset of a 1-based line and column (in Unicode scalars) of the output.
    private func outputOffset(line: Int, column: Int) -> Int? {
        guard line >= 1, column >= 1 else { return nil }
        var currentLine = 1
        var currentColumn = 1
        var offset = 0
        for scalar in text.unicodeScalars {
            if currentLine == line, currentColumn == column { return offset }
            if currentLine > line { return nil }
            if scalar == "\n" {
                currentLine += 1
                currentColumn = 1
            } else {
                currentColumn += 1
            }
            offset += UTF8.width(scalar)
        }
        // Just past the last character (an unexpected end of input) is a position too.
        return currentLine == line && currentColumn == column ? offset : nil
    }
}
