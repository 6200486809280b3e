import Testing

@testable import PilotAgent

/// Which processes the sweep after a check run picks, from a process table given as values.
@Suite struct DescendantSweepTests {
    private typealias Entry = DescendantSweep.ProcessEntry

    private static func entry(_ pid: Int32, _ parent: Int32, zombie: Bool = false) -> Entry {
        Entry(pid: pid, parent: parent, startTime: UInt64(pid), isZombie: zombie)
    }

    /// pilot 100; service 200 with an orphaned daemon 210 reparented to pilot; the check's escapee 300
    /// (reparented to pilot) with a child 310 whose environment was replaced; an unrelated process 900.
    private static let table = [
        entry(1, 0), entry(100, 1), entry(200, 100), entry(201, 200), entry(210, 100),
        entry(300, 100), entry(310, 300), entry(900, 1),
    ]

    @Test func descendantsStayBelowTheRootAndSkipProtectedSubtrees() {
        let found = DescendantSweep.descendants(of: 100, in: Self.table, excluding: [200]).map(\.pid)
        #expect(Set(found) == [210, 300, 310])
    }

    @Test func victimsAreTheMarkedAndEverythingBelowThem() {
        let candidates = DescendantSweep.descendants(of: 100, in: Self.table, excluding: [200])
        let victims = DescendantSweep.victims(among: candidates, marked: [300]).map(\.pid)
        #expect(Set(victims) == [300, 310])
    }

    @Test func nothingMarkedMeansNothingKilledAndZombiesAreSkipped() {
        let table = Self.table + [Self.entry(320, 300, zombie: true)]
        let candidates = DescendantSweep.descendants(of: 100, in: table, excluding: [200])
        #expect(DescendantSweep.victims(among: candidates, marked: []).isEmpty)
        #expect(!DescendantSweep.victims(among: candidates, marked: [300]).map(\.pid).contains(320))
    }

    @Test func aMarkedProcessInsideAProtectedSubtreeIsNeverPicked() {
        let candidates = DescendantSweep.descendants(of: 100, in: Self.table, excluding: [200])
        #expect(DescendantSweep.victims(among: candidates, marked: [201]).isEmpty)
    }
}
