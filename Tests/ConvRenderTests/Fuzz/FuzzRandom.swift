@testable import ConvEngine

/// The fuzz cells' random numbers: the engine's Mersenne Twister, one per cell, seeded
/// from the run's seed and the cell's index, so that a failing cell can be made again
/// without the ones before it.
struct FuzzRandom: RandomNumberGenerator {
    private var twister: MersenneTwister

    init(seed: UInt64, index: Int) {
        twister = MersenneTwister(seed: seed &* 1_000_003 &+ UInt64(index))
    }

    mutating func next() -> UInt64 { UInt64(twister.next()) << 32 | UInt64(twister.next()) }

    /// A number in `0..<n`.
    mutating func below(_ n: Int) -> Int { Int.random(in: 0..<max(n, 1), using: &self) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// One of `items`.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
