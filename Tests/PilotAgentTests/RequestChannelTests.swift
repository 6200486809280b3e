@testable import PilotAgent
import Testing

/// The parts' request channel: never drops, always answers.
@Suite struct RequestChannelTests {
    @Test func everyRequestIsAnsweredByThePart() async throws {
        let channel = RequestChannel<Int, Int>()
        let part = Task {
            for await envelope in channel.requests { envelope.answer(.success(envelope.request * 2)) }
        }
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for value in 0..<500 { group.addTask { try await channel.ask(value) } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(answers.sorted() == (0..<500).map { $0 * 2 })
        part.cancel()
    }

    @Test func requestsWaitingWhenThePartStopsAreAnsweredPartStopped() async throws {
        let channel = RequestChannel<Int, Int>()
        let asking = Task { try await channel.ask(1) }
        // Nobody reads; the part stops.
        while channel.waitingCount == 0 { await Task.yield() }
        channel.close()
        await #expect(throws: RequestChannelError.self) { try await asking.value }
        await #expect(throws: RequestChannelError.self) { try await channel.ask(2) }
    }

    @Test func aCancelledAskerIsAnsweredAtOnceEvenIfThePartNeverReads() async throws {
        let channel = RequestChannel<Int, Int>()
        let asking = Task { try await channel.ask(1) }
        asking.cancel()
        await #expect(throws: CancellationError.self) { try await asking.value }
    }
}
