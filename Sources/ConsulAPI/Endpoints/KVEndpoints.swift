/// The `/v1/kv/...` endpoints: Consul's key/value store, with check-and-set writes.
///
/// Every method throws ``ConsulError`` or `CancellationError`.
public struct KVEndpoints: Sendable {
    let client: ConsulClient

    /// One key: `GET /v1/kv/:key`. A missing key is `nil`, with the index to block on until it appears.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func get(
        _ key: String,
        options: ConsulQueryOptions = ConsulQueryOptions(),
        blocking: BlockingQueryParameters? = nil
    ) async throws -> ConsulQueryResult<KVPair?> {
        let request = ConsulRequest(.get, Self.path(key), query: options.queryItems, blocking: blocking)
        let response = try await self.client.send(request, accepting: [404])
        if response.status == 404 {
            return ConsulQueryResult(value: nil, meta: response.meta)
        }
        return ConsulQueryResult(value: try response.decode([KVPair].self, for: request).first, meta: response.meta)
    }

    /// Every key under a prefix: `GET /v1/kv/:prefix?recurse`. No key is an empty list.
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    public func list(
        prefix: String,
        options: ConsulQueryOptions = ConsulQueryOptions(),
        blocking: BlockingQueryParameters? = nil
    ) async throws -> ConsulQueryResult<[KVPair]> {
        var query = options.queryItems
        query.append(QueryItem("recurse"))
        let request = ConsulRequest(.get, Self.path(prefix), query: query, blocking: blocking)
        let response = try await self.client.send(request, accepting: [404])
        if response.status == 404 {
            return ConsulQueryResult(value: [], meta: response.meta)
        }
        return ConsulQueryResult(value: try response.decode([KVPair].self, for: request), meta: response.meta)
    }

    /// Writes a value: `PUT /v1/kv/:key`.
    ///
    /// - Parameters:
    ///   - cas: write only if the key's `ModifyIndex` is this (0: only if the key does not exist).
    /// - Returns: whether the value was written (`false` when `cas` did not match).
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    @discardableResult
    public func put(_ key: String, value: [UInt8], flags: UInt64 = 0, cas: UInt64? = nil) async throws -> Bool {
        var request = ConsulRequest(.put, Self.path(key), body: value)
        request.contentType = "application/octet-stream"
        if flags != 0 { request.query.append(QueryItem("flags", String(flags))) }
        if let cas { request.query.append(QueryItem("cas", String(cas))) }
        return try await self.client.query(request, as: Bool.self).value
    }

    /// Writes UTF-8 text: `PUT /v1/kv/:key`.
    ///
    /// - Returns: whether the value was written (`false` when `cas` did not match).
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    @discardableResult
    public func put(_ key: String, string: String, flags: UInt64 = 0, cas: UInt64? = nil) async throws -> Bool {
        try await self.put(key, value: Array(string.utf8), flags: flags, cas: cas)
    }

    /// Deletes a key, or every key under a prefix: `DELETE /v1/kv/:key`.
    ///
    /// - Parameters:
    ///   - cas: delete only if the key's `ModifyIndex` is this.
    /// - Returns: whether the delete happened (`false` when `cas` did not match).
    ///
    /// - Throws: ``ConsulError`` (such as ``ConsulError/Code/permissionDenied`` when the token lacks a permission,
    ///   or ``ConsulError/Code/connectionFailed``); `CancellationError` when the task is cancelled.
    @discardableResult
    public func delete(_ key: String, recurse: Bool = false, cas: UInt64? = nil) async throws -> Bool {
        var request = ConsulRequest(.delete, Self.path(key))
        if recurse { request.query.append(QueryItem("recurse")) }
        if let cas { request.query.append(QueryItem("cas", String(cas))) }
        return try await self.client.query(request, as: Bool.self).value
    }

    /// A watch of one key, yielding its pair (or `nil` while it does not exist) whenever it changes.
    public func watch(
        _ key: String,
        options: ConsulQueryOptions = ConsulQueryOptions(),
        policy: BlockingQueryPolicy = .default
    ) -> ConsulWatch<KVPair?> {
        let client = self.client
        return client.watch(name: "kv \(key)", policy: policy) { blocking in
            try await client.kv.get(key, options: options, blocking: blocking)
        }
    }

    /// A watch of every key under a prefix.
    public func watchPrefix(
        _ prefix: String,
        options: ConsulQueryOptions = ConsulQueryOptions(),
        policy: BlockingQueryPolicy = .default
    ) -> ConsulWatch<[KVPair]> {
        let client = self.client
        return client.watch(name: "kv prefix \(prefix)", policy: policy) { blocking in
            try await client.kv.list(prefix: prefix, options: options, blocking: blocking)
        }
    }

    private static func path(_ key: String) -> String {
        "/v1/kv/" + PercentEncoding.encode(key.hasPrefix("/") ? String(key.dropFirst()) : key, keepingSlashes: true)
    }
}
