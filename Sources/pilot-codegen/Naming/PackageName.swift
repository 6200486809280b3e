/// The `--package` value: a Go package name, a Java package or a PHP namespace, checked for its language.
enum PackageName {
    /// The package used when `--package` is not given.
    static func defaultName(for language: TargetLanguage) -> String {
        switch language {
        case .go: "services"
        case .java: "pilot.services"
        case .php: "Pilot\\Services"
        }
    }

    /// Why `name` cannot be the package in `language`, or `nil` when it can.
    static func problem(with name: String, for language: TargetLanguage) -> String? {
        switch language {
        case .go:
            guard let first = name.unicodeScalars.first, isLowerLetter(first),
                name.unicodeScalars.allSatisfy({ isLowerLetter($0) || isDigit($0) || $0 == "_" })
            else {
                return "a Go package name is one lower-case word: letters, digits and '_', starting with a letter"
            }
            if goKeywords.contains(name) { return "\(name) is a Go keyword" }
            if name == "main" { return "package main is a program, not a library that can be imported" }
            return nil
        case .java:
            for segment in name.split(separator: ".", omittingEmptySubsequences: false) {
                guard isIdentifier(segment, allowingDollar: true) else {
                    return "a Java package is identifiers separated by dots, such as com.example.services"
                }
                if AccessorNameRules.javaKeywords.contains(String(segment)) {
                    return "\(segment) is a Java keyword"
                }
            }
            if name == "java" || name.hasPrefix("java.") { return "the java package is reserved for the JDK" }
            return nil
        case .php:
            for segment in name.split(separator: "\\", omittingEmptySubsequences: false) {
                guard isIdentifier(segment, allowingDollar: false) else {
                    return "a PHP namespace is names separated by backslashes, such as App\\Services"
                }
            }
            return nil
        }
    }

    private static func isIdentifier(_ text: Substring, allowingDollar: Bool) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        let isExtra = { (scalar: Unicode.Scalar) in scalar == "_" || (allowingDollar && scalar == "$") }
        let isPart = { (scalar: Unicode.Scalar) in isLetter(scalar) || isDigit(scalar) || isExtra(scalar) }
        return (isLetter(first) || isExtra(first)) && text.unicodeScalars.allSatisfy(isPart)
    }

    private static func isLowerLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) }
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static let goKeywords: Set<String> = [
        "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go",
        "goto", "if", "import", "interface", "map", "package", "range", "return", "select", "struct", "switch",
        "type", "var",
    ]
}
