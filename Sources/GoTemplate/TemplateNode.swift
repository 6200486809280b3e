/// The parsed form of a template: what the renderer walks. Offsets point into the source for error locations.
indirect enum TemplateNode: Sendable {
    /// Text copied to the output, and the source offset it was copied from.
    case text(String, offset: Int)
    /// `{{ pipeline }}`: printed unless it declares or assigns variables.
    case action(Pipeline)
    /// `{{ if }}` or `{{ with }}`, with an optional else branch (which holds a nested node for `else if`).
    case conditional(Conditional)
    /// `{{ range }}`.
    case range(RangeLoop)
    /// `{{ template "name" pipeline }}` (and the call half of `block`).
    case include(name: String, pipeline: Pipeline?, offset: Int)
    /// `{{ break }}`
    case breakLoop
    /// `{{ continue }}`
    case continueLoop
}

/// An `if` or a `with`: the same shape, different meaning of dot in the body.
struct Conditional: Sendable {
    /// Whether this is a `with` (dot becomes the value) rather than an `if`.
    var setsDot: Bool
    /// The condition.
    var pipeline: Pipeline
    /// Rendered when the condition's value is true.
    var body: [TemplateNode]
    /// Rendered otherwise; empty when there is no `else`.
    var elseBody: [TemplateNode]
}

/// A `range` over an array, a map, an integer or nil.
struct RangeLoop: Sendable {
    /// The collection, and the one or two variables it declares or assigns.
    var pipeline: Pipeline
    /// Rendered for each element.
    var body: [TemplateNode]
    /// Rendered when there is no element.
    var elseBody: [TemplateNode]
}

/// Commands joined by `|`, each one's value passed as the last argument of the next, and the variables the
/// result is declared into (`$x :=`) or assigned to (`$x =`).
struct Pipeline: Sendable {
    /// Where the pipeline starts.
    var offset: Int
    /// Variable names with their `$`.
    var variables: [String]
    /// Whether the variables are assigned (`=`) rather than declared (`:=`).
    var isAssignment: Bool
    /// The commands, at least one.
    var commands: [Command]
}

/// One stage of a pipeline: an operand, or a function name followed by its arguments.
struct Command: Sendable {
    /// Where the command starts.
    var offset: Int
    /// The operands; a function call has the function first.
    var operands: [Operand]
}

/// A term of a command.
indirect enum Operand: Sendable {
    /// `.`
    case dot
    /// `.A.B` on dot.
    case field(names: [String], offset: Int)
    /// `$x` or `$x.A.B`.
    case variable(name: String, fields: [String], offset: Int)
    /// A function name; called with the command's other operands, or with none when it is an argument.
    case function(name: String, offset: Int)
    /// `(pipeline).A.B` or `function.A`.
    case chain(Operand, fields: [String], offset: Int)
    /// `(pipeline)`
    case pipeline(Pipeline)
    /// A string, number, character or boolean constant.
    case literal(TemplateValue, offset: Int)
    /// `nil`
    case nilLiteral(offset: Int)
}
