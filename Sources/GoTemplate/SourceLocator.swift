/// Turns a byte offset in a template's source into the 1-based line and column its errors report.
///
/// Offsets are what the lexer tracks cheaply; lines and columns are computed only when an error is made.
struct SourceLocator: Sendable {
    /// The template's name, the first part of every error's location.
    let templateName: String
    /// The template's source as UTF-8.
    let source: [UInt8]

    /// The line and column (in Unicode scalars) of `offset`.
    func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, source.count)
        while index < end {
            let byte = source[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Continuation bytes belong to the scalar already counted.
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    /// An error located at `offset`.
    func error(_ code: TemplateError.Code, at offset: Int, _ message: String) -> TemplateError {
        let (line, column) = location(of: offset)
        return TemplateError(code: code, templateName: templateName, line: line, column: column, message: message)
    }
}
