import DiscoveryModel

extension ConsulConnection {
    /// The keys of the object form of `consul`.
    static let knownKeys = ["address", "scheme", "token", "tls"]
    /// The keys of `consul.tls`.
    static let tlsKeys = ["cafile", "capath", "clientcert", "clientkey", "servername", "verify"]

    /// Reads `consul`: a string (`"consul:8500"`, `"https://consul:8501"`: an `http://` or `https://` prefix sets
    /// the scheme) or an object.
    static func decode(_ value: LocatedValue, context: DecodingContext) throws(ContainerPilotConfigurationError)
        -> ConsulConnection
    {
        switch value.value {
        case .string(let text):
            guard !text.isEmpty else {
                throw context.error(
                    .missingValue, value, "the Consul address is empty; expected e.g. \"localhost:8500\"")
            }
            if text.hasPrefix("https://") {
                return ConsulConnection(address: String(text.dropFirst("https://".count)), scheme: .https)
            }
            if text.hasPrefix("http://") {
                return ConsulConnection(address: String(text.dropFirst("http://".count)))
            }
            return ConsulConnection(address: text)
        case .object:
            let fields = try ObjectReader(value, knownKeys: knownKeys, context: context)
            var consul = ConsulConnection(address: try fields.nonEmptyString("address", context: context)?.text)
            if let scheme = try fields.nonEmptyString("scheme", context: context) {
                guard let parsed = Scheme(rawValue: scheme.text) else {
                    throw context.error(
                        .invalidValue, scheme.value, "expected \"http\" or \"https\", found \"\(scheme.text)\"")
                }
                consul.scheme = parsed
            }
            consul.token = try fields.nonEmptyString("token", context: context)?.text
            if let tls = fields.value("tls") {
                let tlsFields = try ObjectReader(tls, knownKeys: tlsKeys, context: context)
                func path(_ key: String) throws(ContainerPilotConfigurationError) -> String? {
                    try tlsFields.nonEmptyString(key, context: context)?.text
                }
                consul.tls = TLS(
                    caFile: try path("cafile"), caPath: try path("capath"), clientCertificate: try path("clientcert"),
                    clientKey: try path("clientkey"), serverName: try path("servername"))
                if let verify = tlsFields.value("verify") {
                    consul.tls.verify = try context.boolean(verify)
                }
            }
            return consul
        case .number, .bool, .array, .null:
            throw context.error(
                .wrongType, value,
                "expected the Consul address as a string (\"localhost:8500\") or an object, found "
                    + value.value.kindDescription)
        }
    }
}
