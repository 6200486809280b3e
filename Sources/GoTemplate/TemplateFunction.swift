/// A function a template can call by name, registered by the caller (consul-template's `service`, ContainerPilot's
/// `split`, ...). It receives the arguments written in the call, followed by the piped value when it is the
/// target of a pipe (`{{ .A | f "x" }}` calls `f` with `["x", A]`), and returns one value.
///
/// Throw ``TemplateFunctionError`` for a wrong argument count or kind, or any error for a failure; the renderer
/// adds the template's name, line, column and the function's name.
public typealias TemplateFunction = @Sendable ([TemplateValue]) throws -> TemplateValue

/// Why a host function refused its arguments or failed; the renderer turns it into a located ``TemplateError``.
public struct TemplateFunctionError: Error, Sendable, Hashable {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// The call had `got` arguments; `expected` says what would do ("2", "1 or 2").
        case argumentCount(expected: String, got: Int)
        /// Argument `position` (1-based, the piped value last) had the wrong kind.
        case argumentType(position: Int, expected: String, got: String)
        /// The function ran and failed.
        case failed(String)
    }

    /// What went wrong.
    public var reason: Reason

    /// An error for `reason`.
    public init(_ reason: Reason) {
        self.reason = reason
    }

    /// The message after `function "name": `.
    var message: String {
        switch reason {
        case .argumentCount(let expected, let got):
            "expected \(expected) argument\(expected == "1" ? "" : "s"), got \(got)"
        case .argumentType(let position, let expected, let got):
            "argument \(position): expected \(expected), got \(got)"
        case .failed(let message):
            message
        }
    }

    /// Throws unless `arguments` has exactly `count` elements.
    public static func requireCount(_ arguments: [TemplateValue], _ count: Int) throws(TemplateFunctionError) {
        if arguments.count != count {
            throw TemplateFunctionError(.argumentCount(expected: String(count), got: arguments.count))
        }
    }

    /// The text of argument `index` (0-based), or an error naming its kind.
    public static func string(_ arguments: [TemplateValue], _ index: Int) throws(TemplateFunctionError) -> String {
        guard case .string(let text) = arguments[index] else {
            throw TemplateFunctionError(
                .argumentType(position: index + 1, expected: "string", got: arguments[index].typeName))
        }
        return text
    }
}
