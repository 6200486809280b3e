/// One call to Consul's HTTP API, before an address is chosen.
struct ConsulRequest: Sendable {
    /// The HTTP methods Consul's API uses.
    enum Method: String, Sendable {
        case get = "GET"
        case put = "PUT"
        case delete = "DELETE"
    }

    var method: Method
    /// The path below the address, starting with `/v1/`, already percent-encoded.
    var path: String
    var query: [QueryItem]
    var body: [UInt8]?
    /// The body's media type: JSON for everything but raw KV values.
    var contentType = "application/json"
    /// Set for blocking reads; adds `index` and `wait` and lengthens the deadline.
    var blocking: BlockingQueryParameters?

    init(
        _ method: Method,
        _ path: String,
        query: [QueryItem] = [],
        body: [UInt8]? = nil,
        blocking: BlockingQueryParameters? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.blocking = blocking
    }

    /// All query items, including `index` and `wait` when the call blocks (a call with index 0 sends neither,
    /// so it returns at once).
    var allQueryItems: [QueryItem] {
        var items = self.query
        if let blocking, blocking.blocks {
            items.append(QueryItem("index", String(blocking.index)))
            items.append(QueryItem("wait", blocking.wait.consulWaitString))
        }
        return items
    }

    /// Path and query, as sent.
    var pathAndQuery: String {
        let items = self.allQueryItems
        guard !items.isEmpty else { return self.path }
        return self.path + "?" + items.map(\.encoded).joined(separator: "&")
    }

    /// `METHOD /path?query`, for logs and errors. The token travels in a header, so it is never part of this.
    var endpoint: String {
        "\(self.method.rawValue) \(self.pathAndQuery)"
    }
}
