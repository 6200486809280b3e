import ConsulTemplate
@testable import PilotAgent
import SystemSupport
import Testing

/// The decisions of a `file` query's poll, with no file: when to read, what to deliver, what to log.
@Suite struct QueryWatchFileStateTests {
    typealias Stamp = QueryWatchFileState.Stamp

    static let second: Int64 = 1_000_000_000
    static func stamp(size: Int64 = 6, changedAt: Int64 = 100 * second) -> Stamp {
        Stamp(device: 1, inode: 2, size: size, changedAt: changedAt)
    }

    @Test func firstReadDeliversTheTextAndTheSameBytesAgainDeliverNothing() {
        var state = QueryWatchFileState()
        let stamp = Self.stamp()
        #expect(state.needsRead(stamp))
        let first = state.read(.success(Array("a = 1\n".utf8)), stamp: stamp, now: 200 * Self.second)
        #expect(first == .init(answer: .file("a = 1\n"), log: nil))
        let again = state.read(.success(Array("a = 1\n".utf8)), stamp: stamp, now: 201 * Self.second)
        #expect(again == .init(answer: nil, log: nil))
    }

    @Test func aSettledFileWithTheSameStampIsNotReadAgain() {
        var state = QueryWatchFileState()
        let stamp = Self.stamp()
        _ = state.read(.success([]), stamp: stamp, now: stamp.changedAt + 3 * Self.second)
        #expect(!state.needsRead(stamp))
        #expect(state.needsRead(Self.stamp(size: 7)))
        #expect(state.needsRead(Self.stamp(changedAt: stamp.changedAt + 1)))
    }

    @Test func aFileReadSoonAfterItsLastChangeIsReadAgainUntilItSettles() {
        // Written within the file system's timestamp granularity of the read, a second write may keep the stamp.
        var state = QueryWatchFileState()
        let stamp = Self.stamp()
        _ = state.read(.success(Array("a = 1\n".utf8)), stamp: stamp, now: stamp.changedAt + 5_000_000)
        #expect(state.needsRead(stamp))
        let changed = state.read(.success(Array("a = 2\n".utf8)), stamp: stamp, now: stamp.changedAt + Self.second)
        #expect(changed.answer == .file("a = 2\n"))
        #expect(state.needsRead(stamp))
        _ = state.read(.success(Array("a = 2\n".utf8)), stamp: stamp, now: stamp.changedAt + 2 * Self.second)
        #expect(!state.needsRead(stamp))
    }

    @Test func anUnreadableFileIsMissingLoggedOnceAndItsRecoveryOnce() {
        var state = QueryWatchFileState()
        let missing = SystemError(code: 2)
        let denied = SystemError(code: 13)
        _ = state.read(.success(Array("x".utf8)), stamp: Self.stamp(), now: 200 * Self.second)
        let gone = state.read(.failure(missing), stamp: nil, now: 0)
        #expect(gone == .init(answer: .file(nil), log: .unreadable(missing)))
        #expect(state.read(.failure(missing), stamp: nil, now: 0) == .init(answer: nil, log: nil))
        #expect(state.read(.failure(denied), stamp: nil, now: 0) == .init(answer: nil, log: .unreadable(denied)))
        let back = state.read(.success(Array("x".utf8)), stamp: Self.stamp(), now: 300 * Self.second)
        #expect(back == .init(answer: .file("x"), log: .readableAgain))
    }

    @Test func aFileMissingFromTheStartIsAnAnswer() {
        var state = QueryWatchFileState()
        let outcome = state.read(.failure(SystemError(code: 2)), stamp: nil, now: 0)
        #expect(outcome.answer == .file(nil))
    }
}
