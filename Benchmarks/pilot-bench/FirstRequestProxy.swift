import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP proxy on a free loopback port in front of Consul's HTTP port, which timestamps the first bytes of every
/// connection a client opens through it.
///
/// pilot is pointed at the proxy instead of Consul, so the benchmark sees pilot's first request arrive without
/// tracing pilot (strace would slow the very start-up it measures). Everything is forwarded unchanged in both
/// directions, so pilot behaves as against Consul itself: the long polls and registrations keep working.
final class FirstRequestProxy: Sendable {
    /// The port pilot connects to.
    let port: Int
    private let listener: Int32
    private let upstreamPort: Int
    /// When each connection was accepted, and when its first bytes arrived, in arrival order.
    private let arrivals = Mutex<[(accepted: ContinuousClock.Instant, firstBytes: ContinuousClock.Instant?)]>([])

    init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw BenchError("socket() failed: errno \(errno)") }
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 64) == 0 else { throw BenchError("bind/listen failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// The first connection accepted after `instant`: when it was accepted and when its first bytes (the
    /// request line) arrived.
    func firstConnection(after instant: ContinuousClock.Instant)
        -> (accepted: ContinuousClock.Instant, firstBytes: ContinuousClock.Instant)?
    {
        arrivals.withLock { arrivals in
            arrivals.first { $0.accepted >= instant }.flatMap { arrival in
                arrival.firstBytes.map { (arrival.accepted, $0) }
            }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            let accepted = ContinuousClock.now
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            let index = arrivals.withLock { arrivals in
                arrivals.append((accepted, nil))
                return arrivals.count - 1
            }
            var one: Int32 = 1
            _ = setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard upstream >= 0, connected == 0 else {
                _ = close(client)
                if upstream >= 0 { _ = close(upstream) }
                continue
            }
            _ = setsockopt(upstream, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let pair = SocketPair(client, upstream)
            Thread.detachNewThread { [self] in
                pump(from: client, to: upstream) { arrival in
                    arrivals.withLock { $0[index].firstBytes = $0[index].firstBytes ?? arrival }
                }
                pair.finishedOneDirection()
            }
            Thread.detachNewThread {
                pump(from: upstream, to: client) { _ in }
                pair.finishedOneDirection()
            }
        }
    }
}

/// Copies bytes from `source` to `destination` until either side ends, calling `firstRead` with the time the
/// first bytes were read; then half-closes both so the pump of the other direction ends too.
private func pump(from source: Int32, to destination: Int32, firstRead: (ContinuousClock.Instant) -> Void) {
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    var first = true
    outer: while true {
        let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { break }
        if first {
            firstRead(ContinuousClock.now)
            first = false
        }
        var written = 0
        while written < count {
            let result = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + written, count - written) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { break outer }
            written += result
        }
    }
    _ = shutdown(destination, Int32(SHUT_WR))
    _ = shutdown(source, Int32(SHUT_RD))
}

/// The two descriptors of one proxied connection, closed once both directions have ended.
private final class SocketPair: Sendable {
    private let descriptors: (Int32, Int32)
    private let ended = Mutex(0)

    init(_ first: Int32, _ second: Int32) { descriptors = (first, second) }

    func finishedOneDirection() {
        let both = ended.withLock { count in
            count += 1
            return count == 2
        }
        if both {
            _ = close(descriptors.0)
            _ = close(descriptors.1)
        }
    }
}
