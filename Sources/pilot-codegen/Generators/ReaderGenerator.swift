import DiscoveryModel

/// Writes the files of a reader of `services.json` for one language. Pure: the same request always gives
/// the same files, byte for byte.
enum ReaderGenerator {
    /// The files for `request`, in a fixed order.
    static func files(for request: GenerationRequest) -> [GeneratedFile] {
        switch request.language {
        case .go: GoGenerator.files(for: request)
        case .java: JavaGenerator.files(for: request)
        case .php: PHPGenerator.files(for: request)
        }
    }

    /// A string literal that Go, Java and PHP all read the same way, for a service name (an RFC 1123
    /// label, so it never needs an escape; the check keeps it so).
    static func literal(_ service: String, quote: Character = "\"") -> String {
        precondition(ServiceName.isValid(service), "service names are checked before generation")
        return "\(quote)\(service)\(quote)"
    }
}
