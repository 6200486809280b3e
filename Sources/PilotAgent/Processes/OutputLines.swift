import NIOCore
import NIOPosix

/// Reads a process's captured output (a pipe) as it comes and hands each line to a handler, as ContainerPilot
/// logs a job's output through its own logger unless the job sets `logging.raw`.
///
/// The pipe is read on pilot's event loop (NIO owns and closes the descriptor). libdispatch's I/O channels
/// were tried first and crashed pilot in their event loop when jobs started every 20 ms left descendants
/// holding their pipes: a descriptor number closed and reused at once confused its epoll registrations.
///
/// A line longer than ``maximumLineBytes`` is handed over in pieces of that size, so that a process writing
/// without newlines cannot make pilot hold an unbounded buffer.
final class OutputLines: Sendable {
    /// The longest line held before it is handed over unfinished.
    static let maximumLineBytes = 16 * 1024

    private let drained = StartGate()
    private let channel: EventLoopFuture<any Channel>

    /// Starts reading `fileDescriptor` (which it owns from now on) on `eventLoopGroup`, giving each line
    /// (without its newline) to `line`.
    init(fileDescriptor: Int32, eventLoopGroup: any EventLoopGroup, line: @escaping @Sendable (String) -> Void) {
        let drained = self.drained
        channel = NIOPipeBootstrap(group: eventLoopGroup)
            .channelOption(.autoRead, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        LineSplitter(line: line, finished: { drained.open() }))
                }
            }
            .takingOwnershipOfDescriptor(input: fileDescriptor)
        channel.whenFailure { _ in drained.open() }
    }

    /// Waits until every line has been handed over (the pipe's end was read), or `grace` has passed: a
    /// descendant that outlived the process may hold the pipe open for good. Then the reading ends.
    func drain(grace: Duration = .seconds(1)) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [drained] in await drained.wait() }
            group.addTask { try? await Task.sleep(for: grace) }
            await group.next()
            group.cancelAll()
        }
        channel.whenSuccess { $0.close(promise: nil) }
    }
}

/// Splits the bytes of a pipe into lines, handing over what is left when the pipe ends.
private final class LineSplitter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let line: @Sendable (String) -> Void
    private let finished: @Sendable () -> Void
    private var pending: [UInt8] = []

    init(line: @escaping @Sendable (String) -> Void, finished: @escaping @Sendable () -> Void) {
        self.line = line
        self.finished = finished
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        for byte in buffer.readableBytesView {
            if byte == UInt8(ascii: "\n") {
                emit()
            } else {
                pending.append(byte)
                if pending.count >= OutputLines.maximumLineBytes { emit() }
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !pending.isEmpty { emit() }
        finished()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func emit() {
        line(String(decoding: pending, as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
    }
}
