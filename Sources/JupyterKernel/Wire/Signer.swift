import Crypto
import Foundation

/// Signs and checks messages with HMAC-SHA256 over the four dict frames as sent, and
/// refuses a signature seen before (ipykernel's replay rule). An empty key means no
/// signing: the signature is empty and not checked.
public final class Signer: @unchecked Sendable {
    /// HMAC-SHA256 (RFC 2104) as two SHA-256 states with the key already taken in (its
    /// padded inner and outer blocks hashed), copied for each message: keying costs as
    /// much as hashing a small message. Built on `SHA256` rather than swift-crypto's
    /// `HMAC`, whose only public update goes through `DataProtocol`'s regions in
    /// unspecialised generic code (5 % of the kernel's CPU on a trivial cell).
    private let keyed: (inner: SHA256, outer: SHA256)?
    private let lock = NSLock()
    /// The signatures seen, as their first 128 bits (a collision between two genuine
    /// signatures is as likely as guessing the key), and the same in arrival order, as a
    /// ring, so the oldest is forgotten first. 32 bytes a message at most.
    private var seen = Set<UInt128>()
    private var order: [UInt128] = []
    private var oldest = 0
    /// How many signatures are remembered for the replay check (ipykernel's
    /// `digest_history_size`).
    public static let historyLimit = 1 << 16

    public init(key: String) {
        guard !key.isEmpty else {
            keyed = nil
            return
        }
        // A key longer than SHA-256's 64-byte block is hashed first; then zero-padded.
        var block = key.utf8.count > SHA256.blockByteCount ? Array(SHA256.hash(data: Array(key.utf8))) : Array(key.utf8)
        block += repeatElement(0, count: SHA256.blockByteCount - block.count)
        var (inner, outer) = (SHA256(), SHA256())
        inner.update(data: block.map { $0 ^ 0x36 })
        outer.update(data: block.map { $0 ^ 0x5c })
        keyed = (inner, outer)
    }

    public var isSigning: Bool { keyed != nil }

    /// The hex signature of the frames.
    public func sign(_ frames: [Data]) -> String {
        guard let code = authenticationCode(frames) else { return "" }
        return Data(code).hexString
    }

    /// The HMAC of the frames, one after the other; nil when not signing.
    private func authenticationCode(_ frames: [Data]) -> SHA256.Digest? {
        guard var (inner, outer) = keyed else { return nil }
        for frame in frames { frame.withUnsafeBytes { inner.update(bufferPointer: $0) } }
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }

    /// Why a message is refused, or `nil` when it passes.
    public func refusal(signature: String, frames: [Data]) -> String? {
        guard let code = authenticationCode(frames) else { return nil }
        guard signature.count == 64, let bytes = Data(hexString: signature) else { return "missing or malformed signature" }
        // The digest's == compares in constant time.
        guard code == bytes else { return "invalid signature" }
        let tag = bytes.prefix(16).reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
        lock.lock()
        defer { lock.unlock() }
        guard seen.insert(tag).inserted else { return "duplicate signature (replayed message)" }
        if order.count < Self.historyLimit {
            order.append(tag)
        } else {
            seen.remove(order[oldest])
            order[oldest] = tag
            oldest = (oldest + 1) % Self.historyLimit
        }
        return nil
    }
}

extension Sequence<UInt8> {
    /// Lowercase hexadecimal, two digits a byte (by table: `String(format:)` costs
    /// microseconds a byte on Linux, on every message).
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Data {
    init?(hexString: String) {
        var bytes: [UInt8] = []
        var iterator = hexString.utf8.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let h = Data.nibble(high), let l = Data.nibble(low) else { return nil }
            bytes.append(h << 4 | l)
        }
        self.init(bytes)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}
