import GoTemplate
import JSONValues

/// consul-template's helpers over text: case (`toLower`, `toUpper`, `toTitle`), trimming, splitting and joining,
/// replacing, regular expressions, `indent`, `loop`, the parsers (`parseInt`, `parseFloat`, `parseBool`,
/// `parseUint`, `parseJSON`), base64 and the JSON writers.
///
/// The ones ContainerPilot also has come from ``GoTemplate/TemplateHelperFunctions``; `loop` differs from
/// ContainerPilot's in one way: with STOP below START it yields nothing instead of counting down.
enum TextFunctions {
    /// The functions by name.
    static let functions: [String: TemplateFunction] = [
        "split": TemplateHelperFunctions.split,
        "join": TemplateHelperFunctions.join,
        "replaceAll": TemplateHelperFunctions.replaceAll,
        "regexReplaceAll": TemplateHelperFunctions.regexReplaceAll,
        "regexMatch": TemplateHelperFunctions.regexMatch,
        "trimSpace": TemplateHelperFunctions.trimSpace,
        // consul-template reads a bound as `parseInt` does, so "" is 0 (ContainerPilot's `Atoi` refuses it).
        "loop": { arguments in
            let bounds = arguments.map { $0 == .string("") ? TemplateValue.integer(0) : $0 }
            return try TemplateHelperFunctions.loop(bounds, countsDown: false)
        },
        "toLower": { arguments in .string(mapScalars(try single(arguments)) { $0.properties.lowercaseMapping }) },
        "toUpper": { arguments in .string(mapScalars(try single(arguments)) { $0.properties.uppercaseMapping }) },
        "toTitle": { arguments in .string(title(try single(arguments))) },
        "trim": { arguments in
            try TemplateFunctionError.requireCount(arguments, 2)
            let cutset = Set(try TemplateFunctionError.string(arguments, 0).unicodeScalars)
            let scalars = try TemplateFunctionError.string(arguments, 1).unicodeScalars
            guard let first = scalars.firstIndex(where: { !cutset.contains($0) }),
                let last = scalars.lastIndex(where: { !cutset.contains($0) })
            else { return .string("") }
            return .string(String(scalars[first...last]))
        },
        "trimPrefix": { arguments in
            try TemplateFunctionError.requireCount(arguments, 2)
            let prefix = Array(try TemplateFunctionError.string(arguments, 0).utf8)
            let text = Array(try TemplateFunctionError.string(arguments, 1).utf8)
            guard text.starts(with: prefix) else { return arguments[1] }
            return .string(String(decoding: text.dropFirst(prefix.count), as: UTF8.self))
        },
        "trimSuffix": { arguments in
            try TemplateFunctionError.requireCount(arguments, 2)
            let suffix = Array(try TemplateFunctionError.string(arguments, 0).utf8)
            let text = Array(try TemplateFunctionError.string(arguments, 1).utf8)
            guard text.reversed().starts(with: suffix.reversed()) else { return arguments[1] }
            return .string(String(decoding: text.dropLast(suffix.count), as: UTF8.self))
        },
        "indent": indent,
        "base64Encode": { arguments in .string(Base64Text.encode(Array(try single(arguments).utf8))) },
        "base64Decode": { arguments in try base64Decode(try single(arguments), function: "base64Decode") },
        "base64URLEncode": { arguments in
            .string(urlAlphabet(Base64Text.encode(Array(try single(arguments).utf8)), toURL: true))
        },
        "base64URLDecode": { arguments in
            try base64Decode(urlAlphabet(try single(arguments), toURL: false), function: "base64URLDecode")
        },
        "splitToMap": splitToMap,
        "parseInt": { arguments in
            let text = try single(arguments)
            if text.isEmpty { return .integer(0) }
            guard let number = Int(text) else { throw parseError("ParseInt", text, range: isInteger(text)) }
            return .integer(number)
        },
        "parseUint": { arguments in
            let text = try single(arguments)
            if text.isEmpty { return .integer(0) }
            guard !text.hasPrefix("-"), !text.hasPrefix("+"), let number = UInt64(text) else {
                throw parseError("ParseUint", text, range: text.utf8.allSatisfy { (48...57).contains($0) })
            }
            guard let value = Int(exactly: number) else {
                throw TemplateFunctionError(.failed("\(TemplateHelperFunctions.quoted(text)) does not fit an int"))
            }
            return .integer(value)
        },
        "parseFloat": { arguments in
            let text = try single(arguments)
            if text.isEmpty { return .double(0) }
            guard let number = Double(text) else {
                throw parseError("ParseFloat", text, range: false)
            }
            return .double(number)
        },
        "parseBool": { arguments in
            let text = try single(arguments)
            switch text {
            case "": return .bool(false)
            case "1", "t", "T", "TRUE", "true", "True": return .bool(true)
            case "0", "f", "F", "FALSE", "false", "False": return .bool(false)
            default: throw parseError("ParseBool", text, range: false)
            }
        },
        "parseJSON": { arguments in try JSONTemplateValues.parse(try single(arguments)) },
        "toJSON": { arguments in try json(arguments, pretty: false, escapeHTML: true) },
        "toJSONPretty": { arguments in try json(arguments, pretty: true, escapeHTML: true) },
        "toUnescapedJSON": { arguments in try json(arguments, pretty: false, escapeHTML: false) },
        "toUnescapedJSONPretty": { arguments in try json(arguments, pretty: true, escapeHTML: false) },
    ]

    private static func single(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> String {
        try TemplateFunctionError.requireCount(arguments, 1)
        return try TemplateFunctionError.string(arguments, 0)
    }

    /// Go's decoders skip line breaks; the rest must be padded base64.
    private static func base64Decode(_ text: String, function: String) throws(TemplateFunctionError)
        -> TemplateValue
    {
        let compact = String(text.unicodeScalars.filter { $0 != "\n" && $0 != "\r" })
        guard let bytes = Base64Text.decode(compact) else {
            let quoted = TemplateHelperFunctions.quoted(text)
            throw TemplateFunctionError(.failed("\(function): illegal base64 data in \(quoted)"))
        }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    /// Base64 text between the standard alphabet (`+`, `/`) and the URL one (`-`, `_`).
    private static func urlAlphabet(_ text: String, toURL: Bool) -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                switch (scalar, toURL) {
                case ("+", true): "-"
                case ("/", true): "_"
                case ("-", false): "+"
                case ("_", false): "/"
                default: Character(scalar)
                }
            })
    }

    private static func json(_ arguments: [TemplateValue], pretty: Bool, escapeHTML: Bool)
        throws(TemplateFunctionError) -> TemplateValue
    {
        try TemplateFunctionError.requireCount(arguments, 1)
        return .string(try GoJSONWriter(pretty: pretty, escapeHTML: escapeHTML).text(of: arguments[0]))
    }

    /// Go's `strconv` error: "value out of range" for a well-formed number too large, "invalid syntax" else.
    private static func parseError(_ function: String, _ text: String, range: Bool) -> TemplateFunctionError {
        let reason = range ? "value out of range" : "invalid syntax"
        return TemplateFunctionError(
            .failed("strconv.\(function): parsing \(TemplateHelperFunctions.quoted(text)): \(reason)"))
    }

    private static func isInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits.removeFirst() }
        return !digits.isEmpty && digits.utf8.allSatisfy { (48...57).contains($0) }
    }

    /// Go's `strings.ToLower`/`ToUpper` map each scalar on its own (a mapping to several scalars, such as `ß`
    /// to `SS`, leaves the scalar as it is).
    private static func mapScalars(_ text: String, _ mapping: (Unicode.Scalar) -> String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let mapped = mapping(scalar).unicodeScalars
            if mapped.count == 1 { output.append(contentsOf: mapped) } else { output.append(scalar) }
        }
        return String(output)
    }

    /// Title case as consul-template's `toTitle` (`cases.Title` with `NoLower`): the first letter of each word in
    /// title case, the others unchanged. A word starts after white space or punctuation other than an apostrophe
    /// or `_` (a simplification of Unicode's word boundaries that agrees on ordinary text).
    static func title(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        var inWord = false
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil {
                if !inWord, properties.isAlphabetic {
                    let mapped = properties.titlecaseMapping.unicodeScalars
                    if mapped.count == 1 { output.append(contentsOf: mapped) } else { output.append(scalar) }
                } else {
                    output.append(scalar)
                }
                inWord = true
            } else {
                output.append(scalar)
                inWord = inWord && (scalar == "'" || scalar == "\u{2019}" || scalar == "_")
            }
        }
        return String(output)
    }

    /// `indent N TEXT`: every line of TEXT that is not empty prefixed with N spaces.
    private static func indent(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 2)
        let spaces = try TemplateHelperFunctions.integer(arguments, 0)
        guard spaces >= 0 else { throw TemplateFunctionError(.failed("indent value must be a positive integer")) }
        let text = try TemplateFunctionError.string(arguments, 1)
        let prefix = Array(repeating: UInt8(ascii: " "), count: spaces)
        var output: [UInt8] = []
        var atLineStart = true
        for byte in text.utf8 {
            if atLineStart && byte != UInt8(ascii: "\n") { output += prefix }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        return .string(String(decoding: output, as: UTF8.self))
    }

    /// `splitToMap SEP1 SEP2 TEXT`: TEXT (trimmed) cut at SEP1, each piece cut at its first SEP2 into a key and a
    /// value; pieces without SEP2 are left out.
    private static func splitToMap(_ arguments: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        try TemplateFunctionError.requireCount(arguments, 3)
        let separator = try TemplateFunctionError.string(arguments, 0)
        let pairSeparator = try TemplateFunctionError.string(arguments, 1)
        guard case .array(let pieces) = try TemplateHelperFunctions.split([.string(separator), arguments[2]]) else {
            return .map([:])
        }
        var map: [String: TemplateValue] = [:]
        for case .string(let piece) in pieces {
            let bytes = Array(piece.utf8)
            guard !pairSeparator.isEmpty, let cut = bytes.firstRange(of: Array(pairSeparator.utf8)) else { continue }
            let key = String(decoding: bytes[..<cut.lowerBound], as: UTF8.self)
            map[key] = .string(String(decoding: bytes[cut.upperBound...], as: UTF8.self))
        }
        return .map(map)
    }
}
