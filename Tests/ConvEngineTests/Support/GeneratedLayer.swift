import Testing

/// A convolution or transposed convolution as the PyTorch fixture generators write it
/// (`scripts/generate_backend_fixtures.py`, `scripts/generate_transposed_size_fixtures.py`):
/// sizes per spatial dimension, channels, groups and the thread count it ran with.
struct GeneratedLayer {
    let rank: Int, batch: Int, groups: Int, inChannels: Int, outChannels: Int, threads: Int
    let size: [Int], kernel: [Int], stride: [Int], padding: [Int], outputPadding: [Int], dilation: [Int]

    /// Reads the fields every generator writes; a missing one fails the test.
    init(_ c: [String: Any]) throws {
        func int(_ key: String) throws -> Int { try #require(c[key] as? Int, "no \(key) in \(c)") }
        func ints(_ key: String) throws -> [Int] { try #require(c[key] as? [Int], "no \(key) in \(c)") }
        (rank, batch, groups) = (try int("rank"), try int("batch"), try int("groups"))
        (inChannels, outChannels, threads) = (try int("in_channels"), try int("out_channels"), try int("threads"))
        (size, kernel, stride) = (try ints("size"), try ints("kernel"), try ints("stride"))
        (padding, outputPadding, dilation) = (try ints("padding"), try ints("output_padding"), try ints("dilation"))
    }
}
