import NIOCore
import NIOPosix
import Synchronization

/// Reads a child's output pipe to its end in the background, keeping at most `limit` bytes (Consul keeps
/// 4 KB of a check's output; more would only cost memory).
///
/// The pipe is read on pilot's event loop, as a job's output is (``OutputLines``): libdispatch's I/O channels,
/// used here before, are the mechanism that crashed pilot when jobs' descendants held their pipes while
/// descriptor numbers were closed and reused at once.
final class CapturedOutput: Sendable {
    /// The bytes kept, shared with the reading handler.
    private final class Buffer: Sendable {
        private struct State {
            var bytes: [UInt8] = []
            var truncated = false
        }

        private let state = Mutex(State())
        let limit: Int

        init(limit: Int) { self.limit = limit }

        func append(_ bytes: [UInt8]) {
            state.withLock { state in
                let room = limit - state.bytes.count
                if room > 0 { state.bytes += bytes.prefix(room) }
                if bytes.count > max(room, 0) { state.truncated = true }
            }
        }

        var text: String {
            state.withLock { state in
                String(decoding: state.bytes, as: UTF8.self) + (state.truncated ? "\n[output truncated]" : "")
            }
        }
    }

    private let buffer: Buffer
    private let finished = StartGate()
    private let channel: EventLoopFuture<any Channel>

    /// Starts reading `fileDescriptor`, which this object then owns (NIO closes it), on `eventLoopGroup`.
    init(fileDescriptor: Int32, eventLoopGroup: any EventLoopGroup, limit: Int = 4096) {
        let buffer = Buffer(limit: limit)
        self.buffer = buffer
        let finished = self.finished
        channel = NIOPipeBootstrap(group: eventLoopGroup)
            .channelOption(.autoRead, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        Collector(append: { buffer.append($0) }, finished: { finished.open() }))
                }
            }
            .takingOwnershipOfDescriptor(input: fileDescriptor)
        channel.whenFailure { _ in finished.open() }
    }

    /// The output once the pipe is closed (every writer has exited), or after `grace` if a straggler that
    /// left the process group still holds it open; then reading stops.
    func text(grace: Duration = .seconds(1)) async -> String {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [finished] in await finished.wait() }
            group.addTask { try? await Task.sleep(for: grace) }
            await group.next()
            group.cancelAll()
        }
        channel.whenSuccess { $0.close(promise: nil) }
        return buffer.text
    }
}

/// Hands the bytes of a pipe over as they come, and says when it ends.
private final class Collector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let append: @Sendable ([UInt8]) -> Void
    private let finished: @Sendable () -> Void

    init(append: @escaping @Sendable ([UInt8]) -> Void, finished: @escaping @Sendable () -> Void) {
        self.append = append
        self.finished = finished
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        append(Array(unwrapInboundIn(data).readableBytesView))
    }

    func channelInactive(context: ChannelHandlerContext) {
        finished()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
