import Synchronization

/// A part's inbox: requests that are never dropped and always answered.
///
/// The buffer is unbounded: each sender waits for its answer, so what is in flight is bounded by the
/// callers, and a request is never lost to a full buffer (a bounded "newest N" buffer once lost a
/// maintenance request, and with it the caller's continuation). Every request gets exactly one answer:
/// the part's reply or error; ``RequestChannelError/partStopped`` when the part ends before answering it;
/// or `CancellationError` when the asking task is cancelled (shutdown never waits on a request).
final class RequestChannel<Request: Sendable, Reply: Sendable>: Sendable {
    /// A request and the way to answer it, as the part receives it.
    struct Envelope: Sendable {
        /// What is asked.
        let request: Request
        fileprivate let slot: ReplySlot<Reply>
        fileprivate let key: Int
        fileprivate let channel: RequestChannel

        /// Answers the request (only the first answer counts).
        func answer(_ result: Result<Reply, any Error>) {
            channel.forget(key)
            slot.answer(result)
        }
    }

    private struct State {
        var closed = false
        var pending: [Int: ReplySlot<Reply>] = [:]
        var nextKey = 0
    }

    /// The requests, for the part that owns the channel to read.
    let requests: AsyncStream<Envelope>
    private let sink: AsyncStream<Envelope>.Continuation
    private let state = Mutex(State())

    init() {
        (requests, sink) = AsyncStream.makeStream(of: Envelope.self, bufferingPolicy: .unbounded)
    }

    /// Sends `request` and waits for its answer.
    ///
    /// - Throws: the part's error; ``RequestChannelError/partStopped`` when the part has ended or ends
    ///   before answering; `CancellationError` when the calling task is cancelled.
    func ask(_ request: Request) async throws -> Reply {
        let slot = ReplySlot<Reply>()
        let key: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            state.nextKey += 1
            state.pending[state.nextKey] = slot
            return state.nextKey
        }
        guard let key else { throw RequestChannelError.partStopped }
        sink.yield(Envelope(request: request, slot: slot, key: key, channel: self))
        return try await withTaskCancellationHandler {
            try await slot.wait()
        } onCancel: {
            slot.answer(.failure(CancellationError()))
        }
    }

    /// How many requests wait for an answer.
    var waitingCount: Int { state.withLock { $0.pending.count } }

    /// The part has stopped: requests waiting and any later ones are answered `partStopped`.
    func close() {
        let waiting = state.withLock { state in
            state.closed = true
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        sink.finish()
        for slot in waiting { slot.answer(.failure(RequestChannelError.partStopped)) }
    }

    fileprivate func forget(_ key: Int) {
        _ = state.withLock { $0.pending.removeValue(forKey: key) }
    }
}

/// Why a request to a part got no reply of the part's own.
enum RequestChannelError: Error, Sendable, CustomStringConvertible {
    /// The part had stopped (pilot is shutting down).
    case partStopped

    var description: String {
        switch self {
        case .partStopped: "pilot is shutting down; the request was not carried out"
        }
    }
}

/// Where one answer goes: resumed at most once, whichever comes first of the answer and the waiter.
private final class ReplySlot<Reply: Sendable>: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<Reply, any Error>)
        case answered(Result<Reply, any Error>)
        case done
    }

    private let state = Mutex(State.empty)

    func answer(_ result: Result<Reply, any Error>) {
        let waiter: CheckedContinuation<Reply, any Error>? = state.withLock { state in
            switch state {
            case .empty:
                state = .answered(result)
                return nil
            case .waiting(let continuation):
                state = .done
                return continuation
            case .answered, .done:
                return nil
            }
        }
        waiter?.resume(with: result)
    }

    func wait() async throws -> Reply {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Reply, any Error>? = state.withLock { state in
                switch state {
                case .empty:
                    state = .waiting(continuation)
                    return nil
                case .answered(let result):
                    state = .done
                    return result
                case .waiting, .done:
                    return .failure(RequestChannelError.partStopped)
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
