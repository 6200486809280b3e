/// Which configured address a call tries first, and in which order it fails over.
///
/// A call starts at the address that last answered and walks the list from there, wrapping around, so one dead
/// address costs one failed connection per call only until a live one answers.
struct AddressRotation: Sendable, Equatable {
    let count: Int
    /// The index of the address that answered last.
    private(set) var preferred = 0

    init(count: Int) {
        precondition(count > 0, "at least one address is needed")
        self.count = count
    }

    /// Indices of the addresses to try for one call, in order.
    var attemptOrder: [Int] {
        (0..<self.count).map { (self.preferred + $0) % self.count }
    }

    /// Records that the address at `index` answered.
    mutating func answered(at index: Int) {
        self.preferred = index
    }
}
