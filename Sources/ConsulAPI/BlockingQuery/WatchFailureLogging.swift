/// How a ``ConsulWatch`` reports its failed calls in its log.
public enum WatchFailureLogging: Sendable, Hashable {
    /// A warning for every failed call, with the delay before the retry (the default).
    case everyFailure
    /// A warning when calls start failing or fail in a new way (another code, status or message from Consul), and
    /// a notice when Consul answers again: an outage of any length costs two lines per watch, not one per retry.
    /// For owners of many watches, such as the queries of templates.
    case changesOnly
}
