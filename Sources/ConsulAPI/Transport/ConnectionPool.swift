import NIOCore
import Synchronization

/// The kept-alive connections of one kind of call to one address: a connection goes back here after a reply
/// that keeps it, and the next call takes the most recently used one (a watch thus reuses the connection of its
/// previous call). At most ``keepIdle`` wait here; a call finding none opens its own.
///
/// Every connection opened for the pool is known to it until it closes, so that ``shutdown()`` closes those in
/// flight too.
final class ConnectionPool: Sendable {
    private struct State {
        var idle: [HTTPConnection] = []
        var open: [ObjectIdentifier: HTTPConnection] = [:]
        var isShutDown = false
    }

    /// How many idle connections are kept.
    let keepIdle: Int
    private let state = Mutex(State())

    init(keepIdle: Int) {
        self.keepIdle = max(1, keepIdle)
    }

    /// The most recently used idle connection that is still open, if any.
    func takeIdle() -> HTTPConnection? {
        self.state.withLock { state in
            while let connection = state.idle.popLast() {
                if connection.isActive { return connection }
            }
            return nil
        }
    }

    /// Records a new connection; `false` (and the connection closed) when the pool has shut down meanwhile.
    func adopt(_ connection: HTTPConnection) -> Bool {
        let id = ObjectIdentifier(connection.channel)
        let adopted = self.state.withLock { state in
            guard !state.isShutDown else { return false }
            state.open[id] = connection
            return true
        }
        guard adopted else {
            connection.close()
            return false
        }
        connection.channel.closeFuture.whenComplete { [weak self] _ in
            self?.state.withLock { state in
                state.open[id] = nil
                state.idle.removeAll { ObjectIdentifier($0.channel) == id }
            }
        }
        return true
    }

    /// Gives a connection back after a call: kept when `reusable`, still open and there is room, closed otherwise.
    func giveBack(_ connection: HTTPConnection, reusable: Bool) {
        let kept = self.state.withLock { state in
            guard reusable, connection.isActive, !state.isShutDown, state.idle.count < self.keepIdle else {
                return false
            }
            state.idle.append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// Closes every connection, idle or in flight, and refuses new ones; returns when they are closed.
    func shutdown() async {
        let connections = self.state.withLock { state in
            state.isShutDown = true
            state.idle.removeAll()
            return Array(state.open.values)
        }
        for connection in connections {
            try? await connection.channel.close()
        }
    }
}
