import GoTemplate

/// Reads consul-template's query strings: `tag.name@dc` for services, `path@dc` for keys, `@dc` alone.
enum QueryArguments {
    /// Splits `text` at its last `@` into the part before and the datacenter.
    static func split(_ text: String) -> (String, datacenter: String?) {
        guard let at = text.lastIndex(of: "@") else { return (text, nil) }
        let datacenter = String(text[text.index(after: at)...])
        return (String(text[..<at]), datacenter.isEmpty ? nil : datacenter)
    }

    /// The query of `service "tag.name@dc" [filter]`.
    static func service(_ text: String, filter: String?) throws(TemplateFunctionError) -> TemplateQuery {
        let (rest, datacenter) = split(text)
        var name = rest
        var tag: String?
        if let dot = rest.lastIndex(of: ".") {
            tag = String(rest[..<dot])
            name = String(rest[rest.index(after: dot)...])
        }
        guard !name.isEmpty else { throw TemplateFunctionError(.failed("no service name in \"\(text)\"")) }
        return .service(name: name, tag: tag, datacenter: datacenter, filter: try serviceFilter(filter))
    }

    /// The filter argument of `service`: `passing` (the default), `any`, or statuses separated by commas.
    static func serviceFilter(_ text: String?) throws(TemplateFunctionError) -> ServiceFilter {
        guard let text else { return .passing }
        let statuses = Set(text.split(separator: ",").map { String($0).trimmingSpaces })
        if statuses == ["any"] { return .any }
        if statuses == ["passing"] { return .passing }
        let known: Set<String> = ["passing", "warning", "critical", "maintenance"]
        guard statuses.isSubset(of: known), !statuses.isEmpty else {
            throw TemplateFunctionError(.failed("unknown health filter \"\(text)\": use any, passing, warning, critical or maintenance"))
        }
        return .statuses(statuses)
    }

    /// The optional `@dc` argument of `services` and `nodes`.
    static func datacenterOnly(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> String? {
        guard arguments.count <= 1 else { throw TemplateFunctionError(.argumentCount(expected: "0 or 1", got: arguments.count)) }
        guard !arguments.isEmpty else { return nil }
        return split(try TemplateFunctionError.string(arguments, 0)).datacenter
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
