/// Go's `regexp.ReplaceAllString` with Swift's `Regex`: the replacement expands `$1`, `${1}`, `$name`,
/// `${name}` to the match's groups (an unknown group expands to nothing) and `$$` to `$`.
enum RegexReplacement {
    /// `text` with every match of `pattern` replaced.
    ///
    /// - Throws: ``TemplateFunctionError`` if `pattern` is not a regular expression.
    static func replaceAll(in text: String, pattern: String, template: String) throws(TemplateFunctionError)
        -> String
    {
        let regex = try compile(pattern)
        return text.replacing(regex) { match in expand(template, match) }
    }

    /// `pattern` as a regular expression.
    ///
    /// - Throws: ``TemplateFunctionError`` naming the pattern, as Go's `regexp.Compile` does.
    static func compile(_ pattern: String) throws(TemplateFunctionError) -> Regex<AnyRegexOutput> {
        do {
            return try Regex(pattern)
        } catch {
            let quoted = GoFormatter.quote(pattern, asciiOnly: false)
            throw TemplateFunctionError(.failed("error parsing regexp \(quoted): \(error)"))
        }
    }

    private static func expand(_ template: String, _ match: Regex<AnyRegexOutput>.Match) -> String {
        var output = ""
        var scalars = Substring(template).unicodeScalars[...]
        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        }
        while let scalar = scalars.popFirst() {
            guard scalar == "$", let next = scalars.first else {
                output.unicodeScalars.append(scalar)
                continue
            }
            var name = ""
            if next == "$" {
                scalars.removeFirst()
                output += "$"
                continue
            } else if next == "{" {
                guard let close = scalars.firstIndex(of: "}") else {
                    output += "$"
                    continue
                }
                name = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                guard !name.isEmpty, name.unicodeScalars.allSatisfy(isNameScalar) else {
                    output += "$"
                    continue
                }
                scalars = scalars[scalars.index(after: close)...]
            } else {
                while let character = scalars.first, isNameScalar(character) {
                    name.unicodeScalars.append(character)
                    scalars.removeFirst()
                }
                if name.isEmpty {
                    output += "$"
                    continue
                }
            }
            output += group(name, of: match)
        }
        return output
    }

    private static func group(_ name: String, of match: Regex<AnyRegexOutput>.Match) -> String {
        if let number = Int(name) {
            guard number < match.output.count, let text = match.output[number].substring else { return "" }
            return String(text)
        }
        guard let element = match.output[name], let text = element.substring else { return "" }
        return String(text)
    }
}
