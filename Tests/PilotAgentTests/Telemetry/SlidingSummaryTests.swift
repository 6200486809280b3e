import Testing

@testable import PilotAgent

@Suite struct SlidingSummaryTests {
    let start = ContinuousClock.now

    func at(_ seconds: Int) -> ContinuousClock.Instant { start + .seconds(seconds) }

    @Test func quantilesOfOneToAHundredAreTheirNearestRanks() {
        var summary = SlidingSummary()
        for value in (1...100).shuffled() { summary.observe(Double(value), at: at(0)) }
        let quantiles = summary.quantileValues(at: at(1))
        #expect(quantiles.map(\.quantile) == [0.5, 0.9, 0.99])
        #expect(quantiles.map(\.value) == [50, 90, 99])
        #expect(summary.sum == 5050)
        #expect(summary.count == 100)
    }

    @Test func quantilesOfAFewValuesAreAmongThem() {
        var summary = SlidingSummary()
        for value in [3.5, 1, 2] { summary.observe(value, at: at(0)) }
        // ranks ceil(1.5) = 2, ceil(2.7) = 3, ceil(2.97) = 3 of [1, 2, 3.5]
        #expect(summary.quantileValues(at: at(0)).map(\.value) == [2, 3.5, 3.5])
    }

    @Test func anEmptySummaryReportsNaNQuantilesAsTheGoClientDoes() {
        let summary = SlidingSummary()
        #expect(summary.quantileValues(at: at(0)).allSatisfy { $0.value.isNaN })
        #expect(summary.count == 0)
    }

    @Test func observationsOlderThanTheMaximumAgeLeaveTheQuantilesButStayInSumAndCount() {
        var summary = SlidingSummary(maximumAge: .seconds(600))
        for _ in 1...10 { summary.observe(1000, at: at(0)) }
        summary.observe(1, at: at(300))
        summary.observe(2, at: at(300))
        #expect(summary.quantileValues(at: at(599)).map(\.value) == [1000, 1000, 1000])
        #expect(summary.quantileValues(at: at(600)).map(\.value) == [1, 2, 2])
        #expect(summary.recentValues(at: at(900)).isEmpty)
        #expect(summary.quantileValues(at: at(900)).allSatisfy { $0.value.isNaN })
        #expect(summary.sum == 10_003)
        #expect(summary.count == 12)
    }

    @Test func theWindowHoldsAtMostItsCapacityDroppingTheOldest() {
        var summary = SlidingSummary(capacity: 10)
        for value in 1...1000 { summary.observe(Double(value), at: at(0)) }
        #expect(summary.recentValues(at: at(0)) == (991...1000).map(Double.init))
        #expect(summary.quantileValues(at: at(0)).map(\.value) == [995, 999, 1000])
        #expect(summary.count == 1000)
        #expect(summary.sum == 500_500)
    }
}
