import GoTemplate

/// Reads consul-template's query strings into ``TemplateQuery`` values: `tag.name@dc|filter` for services,
/// `path@dc` for keys and prefixes, `name@dc` for a node, `@dc` alone for the catalog lists.
///
/// The grammar is consul-template's: names, tags and datacenters are made of ASCII letters, digits and `_`
/// plus a few separators, and one leading `/` of a key path is dropped. Its namespace, partition, peer and
/// `~near` suffixes are refused with a message saying so, since pilot's watches do not send them; silently
/// dropping them would render another service's instances.
enum QueryArguments {
    /// Splits `text` at its last `@` into the part before and the datacenter.
    static func split(_ text: String) -> (String, datacenter: String?) {
        guard let at = text.lastIndex(of: "@") else { return (text, nil) }
        let datacenter = String(text[text.index(after: at)...])
        return (String(text[..<at]), datacenter.isEmpty ? nil : datacenter)
    }

    /// The query of `service "tag.name@dc" ["filter"]`; the arguments are joined with `|` as consul-template
    /// joins them, so `service "web|any"` and `service "web" "any"` are the same query.
    static func service(_ arguments: [String]) throws(TemplateFunctionError) -> TemplateQuery {
        let text = arguments.joined(separator: "|")
        var rest = Substring(text)
        var filterText: String?
        if let bar = rest.firstIndex(of: "|") {
            filterText = String(rest[rest.index(after: bar)...])
            rest = rest[..<bar]
        }
        try refuseUnsupportedSuffixes(rest, text: text)
        let (path, datacenter) = try pathAndDatacenter(rest, text: text)
        var name = path
        var tag: String?
        if let dot = path.lastIndex(of: ".") {
            tag = String(path[..<dot])
            name = String(path[path.index(after: dot)...])
        }
        guard !name.isEmpty, name.utf8.allSatisfy(isServiceNameByte),
            tag.map({ !$0.isEmpty && $0.utf8.allSatisfy(isTagByte) }) ?? true
        else { throw invalidFormat(text) }
        return .service(name: name, tag: tag, datacenter: datacenter, filter: try serviceFilter(filterText))
    }

    /// The filter of `service`: `passing` (the default), `any`, or statuses separated by commas; a list naming
    /// `any` accepts every instance, as consul-template's does.
    static func serviceFilter(_ text: String?) throws(TemplateFunctionError) -> ServiceFilter {
        guard let text else { return .passing }
        let statuses = Set(
            text.split(separator: ",", omittingEmptySubsequences: false)
                .map { String($0).trimmingSpaces }.filter { !$0.isEmpty })
        if statuses.contains("any") { return .any }
        if statuses == ["passing"] { return .passing }
        let known: Set<String> = ["passing", "warning", "critical", "maintenance"]
        guard !statuses.isEmpty, statuses.isSubset(of: known) else {
            throw TemplateFunctionError(
                .failed(
                    "unknown health filter \"\(text)\": use any, passing, warning, critical or maintenance"))
        }
        return .statuses(statuses)
    }

    /// The query of `key`, `keyOrDefault` and `keyExists` (`path@dc`); `nil` for an empty path, which
    /// consul-template answers with an empty value and no query.
    static func key(_ text: String) throws(TemplateFunctionError) -> TemplateQuery? {
        guard let (path, datacenter) = try keyPath(text) else { return nil }
        return .key(path, datacenter: datacenter)
    }

    /// The query of `ls` and `tree` (`prefix@dc`); `nil` for an empty prefix (no query, an empty list).
    static func keyPrefix(_ text: String) throws(TemplateFunctionError) -> TemplateQuery? {
        guard let (path, datacenter) = try keyPath(text) else { return nil }
        return .keyPrefix(path, datacenter: datacenter)
    }

    /// The query of `node ["name@dc"]`: the local agent's node without an argument.
    static func node(_ arguments: [String]) throws(TemplateFunctionError) -> TemplateQuery {
        let text = arguments.joined()
        if text.isEmpty { return .node(nil, datacenter: nil) }
        try refuseUnsupportedSuffixes(Substring(text), text: text)
        let (name, datacenter) = try pathAndDatacenter(Substring(text), text: text)
        guard !name.isEmpty, name.utf8.allSatisfy(isDatacenterByte) else { throw invalidFormat(text) }
        return .node(name, datacenter: datacenter)
    }

    /// The optional `@dc` argument of `services` and `nodes` (joined, as consul-template joins them).
    static func datacenterOnly(_ arguments: [String]) throws(TemplateFunctionError) -> String? {
        let text = arguments.joined()
        try refuseUnsupportedSuffixes(Substring(text), text: text)
        let (rest, datacenter) = try pathAndDatacenter(Substring(text), text: text)
        guard rest.isEmpty else { throw invalidFormat(text) }
        return datacenter
    }

    /// Every argument as a string, naming the first that is not one.
    static func strings(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> [String] {
        var texts: [String] = []
        for index in arguments.indices {
            texts.append(try TemplateFunctionError.string(arguments, index))
        }
        return texts
    }

    // MARK: - Pieces

    private static func keyPath(_ text: String) throws(TemplateFunctionError)
        -> (String, String?)?
    {
        if text.isEmpty { return nil }
        try refuseUnsupportedSuffixes(Substring(text), text: text)
        var (path, datacenter) = try pathAndDatacenter(Substring(text), text: text)
        if path.hasPrefix("/"), path.count > 1 { path.removeFirst() }
        guard !path.isEmpty else { throw invalidFormat(text) }
        return (path, datacenter)
    }

    /// `text` cut at its one `@`, the datacenter checked; at most one `@` is allowed.
    private static func pathAndDatacenter(_ text: Substring, text whole: String)
        throws(TemplateFunctionError) -> (String, datacenter: String?)
    {
        guard let at = text.firstIndex(of: "@") else { return (String(text), nil) }
        let datacenter = text[text.index(after: at)...]
        guard !datacenter.isEmpty, datacenter.utf8.allSatisfy(isDatacenterByte) else {
            throw invalidFormat(whole)
        }
        return (String(text[..<at]), String(datacenter))
    }

    private static func refuseUnsupportedSuffixes(_ text: Substring, text whole: String)
        throws(TemplateFunctionError)
    {
        if text.contains("?") {
            throw TemplateFunctionError(
                .failed("\(TemplateHelperFunctions.quoted(whole)): namespace, partition and peer queries "
                    + "(\"?ns=...\") are not supported"))
        }
        if text.contains("~") {
            throw TemplateFunctionError(
                .failed("\(TemplateHelperFunctions.quoted(whole)): sorting by distance (\"~node\") is not supported"))
        }
    }

    private static func invalidFormat(_ text: String) -> TemplateFunctionError {
        TemplateFunctionError(.failed("invalid format: \(TemplateHelperFunctions.quoted(text))"))
    }

    /// Go's `[[:word:]]`: ASCII letters, digits and `_`.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    private static func isServiceNameByte(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == UInt8(ascii: "-")
    }

    private static func isTagByte(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "=")
            || byte == UInt8(ascii: ":")
    }

    /// Datacenter and node names: word characters, `.` and `-`.
    private static func isDatacenterByte(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
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
