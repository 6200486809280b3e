/// A "random" generator that always returns the same number, so jitter and dither become predictable:
/// `.lowest` draws fraction 0, `.highest` a fraction just below 1.
struct FixedRandomNumberGenerator: RandomNumberGenerator {
    var value: UInt64

    static let lowest = FixedRandomNumberGenerator(value: 0)
    static let highest = FixedRandomNumberGenerator(value: .max)
    static let middle = FixedRandomNumberGenerator(value: 1 << 63)

    mutating func next() -> UInt64 {
        self.value
    }
}
