import Testing

@testable import ConsulAPI

/// The grace after a caller started the Consul agent it asks: failures are excused until Consul answers once or
/// the patience runs out, and never with no patience.
@Suite struct StartPatienceTests {
    let start = ContinuousClock.now

    @Test func excusesFailuresWithinThePatienceUntilTheFirstAnswer() {
        var grace = StartPatience(.seconds(30), started: start)
        #expect(grace.excuses(at: start + .seconds(29)))
        #expect(!grace.excuses(at: start + .seconds(30)))
        grace.answered()
        #expect(!grace.excuses(at: start + .seconds(1)), "after an answer, a failure is trouble")
    }

    @Test func noPatienceExcusesNothing() {
        #expect(!StartPatience(.zero, started: start).excuses(at: start))
    }
}
