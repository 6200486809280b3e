/// What Consul says about a read besides its content: the headers of a query reply.
public struct ConsulQueryMeta: Sendable, Hashable {
    /// `X-Consul-Index`: the index to send in the next blocking call (0 when the endpoint sent none).
    public var index: UInt64
    /// `X-Consul-KnownLeader`: whether the answering server knew of a leader.
    public var knownLeader: Bool
    /// `X-Consul-LastContact`: how long since the answering server heard from the leader (stale reads).
    public var lastContact: Duration
    /// `X-Cache`: whether the agent's cache answered (`true` for HIT), for `cached` reads; `nil` otherwise.
    public var cacheHit: Bool?
    /// The address that answered.
    public var address: ConsulAddress

    /// Creates metadata; used by the client and by test doubles.
    public init(
        index: UInt64,
        knownLeader: Bool,
        lastContact: Duration,
        cacheHit: Bool? = nil,
        address: ConsulAddress
    ) {
        self.index = index
        self.knownLeader = knownLeader
        self.lastContact = lastContact
        self.cacheHit = cacheHit
        self.address = address
    }
}
