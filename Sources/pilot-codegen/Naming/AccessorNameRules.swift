/// How a service name becomes the name of its typed accessor in one language, and which names that
/// language or the generated reader already uses.
///
/// A service name is an RFC 1123 label (letters, digits, hyphens), so the hyphens split it into words:
/// - Go exports `UserAPI`: each word capitalised, Go's common initialisms in capitals (as golint wants).
/// - Java and PHP use `userApi`: camel case, a word in capitals written as a word (`user-API` is `userApi`).
/// - A name that would start with a digit gets `Service`/`service` in front (`2fa` is `Service2fa`).
/// - A keyword, or a method the reader already has, gets `Service` behind (`close` is `closeService()`).
struct AccessorNameRules: Sendable {
    /// The language the rules are for.
    let language: TargetLanguage

    /// The accessor name for `service`, legal in the language and clear of the reader's own members.
    func accessorName(for service: String) -> String {
        let words = service.split(separator: "-").map(String.init)
        var name: String
        switch language {
        case .go:
            name = words.map(Self.goWord).joined()
            if name.first?.isNumber == true { name = "Service" + name }
        case .java, .php:
            name = words.enumerated().map { index, word in
                index == 0 ? Self.lowerCamelFirstWord(word) : Self.upperCamelWord(word)
            }.joined()
            if name.first?.isNumber == true { name = "service" + name }
        }
        if isReserved(name) { name += "Service" }
        return name
    }

    /// The form in which two accessor names are compared: PHP method names ignore case.
    func comparisonKey(_ accessor: String) -> String {
        language == .php ? accessor.lowercased() : accessor
    }

    /// How an accessor reads in messages: `the Go method UserAPI()`.
    func describe(_ accessor: String) -> String {
        "the \(language.displayName) method \(accessor)()"
    }

    private func isReserved(_ name: String) -> Bool {
        switch language {
        case .go: Self.goReserved.contains(name)
        case .java: Self.javaReserved.contains(name)
        case .php: Self.phpReserved.contains(name.lowercased())
        }
    }

    private static func goWord(_ word: String) -> String {
        if goInitialisms.contains(word.uppercased()) { return word.uppercased() }
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    private static func lowerCamelFirstWord(_ word: String) -> String {
        if isAllCapitals(word) { return word.lowercased() }
        return word.prefix(1).lowercased() + word.dropFirst()
    }

    private static func upperCamelWord(_ word: String) -> String {
        if isAllCapitals(word) { return word.prefix(1) + word.dropFirst().lowercased() }
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    /// `API`, `DB2`: a word with capitals and no lower-case letter, written as an ordinary word in camel case.
    private static func isAllCapitals(_ word: String) -> Bool {
        word.contains(where: \.isUppercase) && !word.contains(where: \.isLowercase)
    }

    /// golint's list of common initialisms.
    static let goInitialisms: Set<String> = [
        "ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON",
        "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SQL", "SSH", "TCP", "TLS", "TTL", "UDP", "UI", "UID",
        "UUID", "URI", "URL", "UTF8", "VM", "XML", "XMPP", "XSRF", "XSS",
    ]

    /// The Watcher's own methods, and method names that `go vet` expects with a standard signature.
    static let goReserved: Set<String> = [
        "Close", "Dependency", "Err", "Get", "Path", "PickRandom", "PickRoundRobin", "Reload", "Snapshot",
        "Error", "String", "Format", "GobDecode", "GobEncode", "MarshalJSON", "MarshalXML", "Peek", "ReadByte",
        "ReadFrom", "ReadRune", "Scan", "Seek", "UnmarshalJSON", "UnmarshalXML", "UnreadByte", "UnreadRune",
        "WriteByte", "WriteTo",
    ]

    /// Java's keywords and literals, which no identifier may be.
    static let javaKeywords: Set<String> = [
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
        "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
        "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
        "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
        "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "_",
    ]

    /// Java's keywords, `Object`'s methods, and ServicesWatcher's own members.
    static let javaReserved: Set<String> = javaKeywords.union([
        "clone", "equals", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait",
        "builder", "close", "dependency", "get", "instances", "lastError", "path", "pickRandom", "pickRoundRobin",
        "poll", "read", "reason", "reload", "reloadAndReport", "reloadsOnSignal", "snapshot", "start",
    ])

    /// The Services class's own methods, in lower case (PHP method names ignore case).
    static let phpReserved: Set<String> = [
        "load", "onerror", "reset", "path", "services", "get", "has", "dependency", "pickrandom", "pickroundrobin",
        "lasterror", "instances", "report",
    ]
}
