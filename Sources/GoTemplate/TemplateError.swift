/// A template that cannot be parsed or rendered, with where in its source and what went wrong.
///
/// Its description reads like a compiler's: `config.json5:3:17: function "split": expected 2 arguments, got 1`.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; new codes can be added without breaking callers that switch on a few.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's name, for logs and tests.
        public let name: String

        /// The source is not a template: an unexpected token, an unclosed action, a bad literal, a misplaced
        /// `end`, `else`, `break` or `continue`.
        public static let syntax = Code(name: "syntax")
        /// A function the template calls is neither built in nor registered by the caller.
        public static let undefinedFunction = Code(name: "undefinedFunction")
        /// A `$variable` is used before it is declared.
        public static let undefinedVariable = Code(name: "undefinedVariable")
        /// `{{ template "name" }}` names no `define` or `block`, or a template is defined twice.
        public static let undefinedTemplate = Code(name: "undefinedTemplate")
        /// A function was given the wrong number or the wrong kinds of arguments.
        public static let wrongArguments = Code(name: "wrongArguments")
        /// A function ran and failed (an invalid regular expression, an index out of range, ...).
        public static let functionFailed = Code(name: "functionFailed")
        /// A map has no entry for a field and the template asked for missing keys to be errors.
        public static let missingKey = Code(name: "missingKey")
        /// An operation does not apply to a value: a field of a string, a range over a number, comparing a
        /// string with an integer, a non-function given arguments.
        public static let invalidOperation = Code(name: "invalidOperation")
        /// Templates called each other deeper than the renderer allows (most likely endless recursion).
        public static let depthExceeded = Code(name: "depthExceeded")
        /// The task rendering the template was cancelled (its owner is stopping): the render was abandoned.
        public static let cancelled = Code(name: "cancelled")

        /// The code's name.
        public var description: String { name }
    }

    /// What kind of failure.
    public var code: Code
    /// The template's name as given by the caller (usually its file name).
    public var templateName: String
    /// The 1-based line in the template source where the failing element starts.
    public var line: Int
    /// The 1-based column (in characters) in the template source where the failing element starts.
    public var column: Int
    /// What went wrong, without the location.
    public var message: String

    /// Makes an error; the parser and the renderer make them, host code rarely needs to.
    public init(code: Code, templateName: String, line: Int, column: Int, message: String) {
        self.code = code
        self.templateName = templateName
        self.line = line
        self.column = column
        self.message = message
    }

    /// `name:line:column: message`.
    public var description: String { "\(templateName):\(line):\(column): \(message)" }
}
