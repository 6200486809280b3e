import DiscoveryModel

/// A job's or a health check's `exec`: a string of words separated by spaces, or an array whose first element is
/// the program.
///
/// ContainerPilot splits a string at every single space, with no quoting (`"sh -c 'a b'"` is four words), and
/// runs no shell; pilot does the same, except that runs of spaces do not make empty arguments.
enum ExecArguments {
    /// The program and its arguments.
    ///
    /// - Throws: ``ContainerPilotConfigurationError`` for a value that is neither a string nor an array of
    ///   strings, or an empty command.
    static func arguments(_ value: LocatedValue, context: DecodingContext) throws(ContainerPilotConfigurationError)
        -> [String]
    {
        var arguments: [String]
        if case .string(let text) = value.value {
            arguments = text.trimmingWhitespace().split(separator: " ").map { String($0) }
        } else {
            arguments = try context.words(value, expected: "a command: a string or an array of strings")
        }
        guard let program = arguments.first, !program.isEmpty else {
            throw context.error(.missingValue, value, "the command is empty")
        }
        return arguments
    }
}
