/// One lexical element of a template: text outside actions, or a piece of an action.
struct Token: Sendable {
    /// The kinds of elements, following Go's `text/template/parse` lexer.
    enum Kind: Sendable, Equatable {
        /// Text outside actions, already trimmed by any trim marker next to it.
        case text
        case leftDelimiter
        case rightDelimiter
        /// A run of spaces inside an action; it separates arguments, so the parser needs to see it.
        case space
        case leftParenthesis
        case rightParenthesis
        case pipe
        /// `:=`
        case declare
        /// `=`
        case assign
        case comma
        /// A quoted or raw string; `text` is its value.
        case string
        /// A character constant; `text` is its value as a one-scalar string.
        case character
        /// A number as written; the parser evaluates it.
        case number
        /// `true` or `false`.
        case bool
        case `nil`
        /// `.` alone.
        case dot
        /// `.Name`; `text` is the name without the dot.
        case field
        /// `$` or `$name`; `text` includes the `$`.
        case variable
        /// A function name.
        case identifier
        /// `if`, `else`, `end`, `range`, `with`, `define`, `template`, `block`, `break`, `continue`.
        case keyword
        case endOfInput
        /// Where lexing failed; the parser throws the lexer's error when it reaches this token.
        case error
    }

    /// What this token is.
    var kind: Kind
    /// Its text or value, as described per kind.
    var text: String
    /// The byte offset in the source where it starts, for error locations.
    var offset: Int
}

extension Token: CustomStringConvertible {
    /// The token as error messages quote it.
    var description: String {
        switch kind {
        case .text: "text"
        case .endOfInput: "EOF"
        case .leftDelimiter: "left delimiter"
        case .rightDelimiter: "right delimiter"
        case .space: "space"
        case .string: "\"\(text)\""
        case .keyword: "<\(text)>"
        case .field: ".\(text)"
        default: "\"\(text)\""
        }
    }
}
