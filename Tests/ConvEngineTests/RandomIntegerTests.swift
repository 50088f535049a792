import Testing
@testable import ConvEngine

/// `randint`, against numbers PyTorch 2.15 printed for the same seeds.
@Suite struct RandomIntegerTests {
    @Test func smallRangesTakeOneDrawEach() throws {
        let generator = RandomGenerator(seed: 0)
        #expect(try generator.randint(low: 0, high: 10, [5]).elements(as: Int64.self) == [4, 9, 3, 0, 3])
        generator.manualSeed(0)
        #expect(try generator.randint(low: 0, high: 10, [2, 3]).shape == [2, 3])
        generator.manualSeed(0)
        #expect(try generator.randint(low: 3, high: 10, [4], dtype: .float32).elements(as: Float.self) == [7, 6, 3, 5])
    }

    @Test func rangesFrom2To28TakeTwoDraws() throws {
        let generator = RandomGenerator(seed: 0)
        #expect(try generator.randint(low: 0, high: 1 << 40, [3]).elements(as: Int64.self) == [741_280_623_151, 506_137_267_392, 291_447_657_211])
        generator.manualSeed(0)
        let small = try generator.randint(low: 0, high: 1 << 27, [2]).elements(as: Int64.self)
        generator.manualSeed(0)
        let wide = try generator.randint(low: 0, high: 1 << 29, [1]).elements(as: Int64.self)
        // The 64-bit value's low half is the second draw.
        #expect(wide[0] & ((1 << 27) - 1) == small[1])
    }

    @Test func refusals() throws {
        let generator = RandomGenerator(seed: 0)
        #expect(#expect(throws: EngineError.self) { try generator.randint(low: 5, high: 5, [3]) }?.message
            == "random_ expects 'from' to be less than 'to', but got from=5 >= to=5")
        #expect(#expect(throws: EngineError.self) { try generator.randint(low: 0, high: 10, [3], dtype: .bool) }?.message
            == "to - 1 is out of bounds for bool")
        #expect(try generator.randint(low: 0, high: 10, [0]).count == 0)
    }
}
