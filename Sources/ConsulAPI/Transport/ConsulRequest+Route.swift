extension ConsulRequest {
    /// Path prefixes whose next segment is a name (a service, check, key), replaced by `:name` in ``route``.
    private static let namedPrefixes = [
        "/v1/health/service/", "/v1/catalog/service/", "/v1/agent/service/deregister/",
        "/v1/agent/service/maintenance/", "/v1/agent/check/update/", "/v1/agent/check/pass/",
        "/v1/agent/check/warn/", "/v1/agent/check/fail/", "/v1/agent/join/", "/v1/kv/",
    ]

    /// `GET /v1/health/service/:name`: the endpoint without names, indexes or query, so that metrics
    /// labelled with it stay few.
    var route: String {
        var path = self.path
        for prefix in Self.namedPrefixes where path.hasPrefix(prefix) {
            path = prefix + ":name"
            break
        }
        return "\(self.method.rawValue) \(path)"
    }
}
