/// The rule ContainerPilot applies to service names (a job with a port, a watch): they start with a lower-case
/// letter and go on with letters, digits or `-`, at least two characters in all (its pattern
/// `^[a-z][a-zA-Z0-9\-]+$`), so that they are valid in DNS and in Consul.
enum ServiceNameRule {
    /// Why `name` breaks the rule, or `nil` when it keeps it.
    static func problem(with name: String) -> String? {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else {
            return "\"\(name)\" must start with a lower-case letter (a-z), to be a valid service name in Consul and DNS"
        }
        guard name.unicodeScalars.count >= 2 else {
            return "\"\(name)\" is too short: a service name has at least two characters"
        }
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
        guard allowed else {
            return "\"\(name)\" may contain only letters, digits and '-', to be a valid service name in Consul and DNS"
        }
        return nil
    }
}
