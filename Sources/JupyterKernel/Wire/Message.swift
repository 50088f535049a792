import Foundation
import Synchronization

/// A Jupyter message: routing identities, the four dicts, and binary buffers.
public struct Message: Sendable {
    public var identities: [Data]
    public var header: JSONValue
    public var parentHeader: JSONValue
    public var metadata: JSONValue
    public var content: JSONValue
    public var buffers: [Data]

    public var type: String { header["msg_type"].string ?? "" }

    public init(identities: [Data], header: JSONValue, parentHeader: JSONValue, metadata: JSONValue, content: JSONValue, buffers: [Data]) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    static let delimiter = Data("<IDS|MSG>".utf8)

    /// Why frames could not be read as a message.
    public enum WireError: Error, CustomStringConvertible {
        case noDelimiter, tooFewFrames(Int), badSignature(String), invalidJSON(String), missingHeaderField(String)

        public var description: String {
            switch self {
            case .noDelimiter: "no <IDS|MSG> delimiter"
            case .tooFewFrames(let n): "only \(n) frames after the delimiter (need 5)"
            case .badSignature(let why): why
            case .invalidJSON(let frame): "invalid JSON in the \(frame) frame"
            case .missingHeaderField(let f): "header without '\(f)'"
            }
        }
    }

    /// Reads frames as received, checking the signature before anything else.
    public static func parse(_ frames: [Data], signer: Signer) throws(WireError) -> Message {
        guard let split = frames.firstIndex(of: delimiter) else { throw .noDelimiter }
        let rest = Array(frames[(split + 1)...])
        guard rest.count >= 5 else { throw .tooFewFrames(rest.count) }
        let signature = String(decoding: rest[0], as: UTF8.self)
        if let why = signer.refusal(signature: signature, frames: Array(rest[1...4])) { throw .badSignature(why) }
        func json(_ i: Int, _ name: String) throws(WireError) -> JSONValue {
            guard let value = try? JSONValue.decode(rest[i]) else { throw .invalidJSON(name) }
            return value
        }
        let header = try json(1, "header")
        guard header.object != nil else { throw .invalidJSON("header") }
        for field in ["msg_id", "msg_type"] where header[field].string == nil { throw .missingHeaderField(field) }
        return Message(identities: Array(frames[..<split]), header: header, parentHeader: try json(2, "parent_header"),
                       metadata: try json(3, "metadata"), content: try json(4, "content"), buffers: Array(rest.dropFirst(5)))
    }

    /// The frames to send, signed.
    public func serialize(signer: Signer) -> [Data] {
        let dicts = [header.encoded(), parentHeader.encoded(), metadata.encoded(), content.encoded()]
        return identities + [Self.delimiter, Data(signer.sign(dicts).utf8)] + dicts + buffers
    }

    /// A new header for a message of `type` in `session`.
    public static func header(type: String, session: String) -> JSONValue {
        [
            "msg_id": .string(Self.nextID(session: session)),
            "username": .string(Self.username),
            "session": .string(session),
            "date": .string(Self.timestamp()),
            "msg_type": .string(type),
            "version": .string(KernelCore.protocolVersion),
        ]
    }

    static let username = ProcessInfo.processInfo.environment["USER"] ?? "username"

    /// How many message ids this process has made.
    private static let idCount = Atomic<Int>(0)
    private static let processID = getpid()

    /// A new message id, as jupyter_client's `Session.msg_id` makes them (and so
    /// ipykernel's): the session, the process and a count, `<session>_<pid>_<n>`. Unique
    /// without a draw from the system's random source on every message.
    static func nextID(session: String) -> String {
        let count = idCount.add(1, ordering: .relaxed).oldValue
        return "\(session)_\(processID)_\(count)"
    }

    /// A random (version 4) UUID in lowercase (two draws from the system generator, not
    /// one a byte): comm ids.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for (half, word) in [generator.next() as UInt64, generator.next() as UInt64].enumerated() {
            for i in 0..<8 { bytes[half * 8 + i] = UInt8(truncatingIfNeeded: word >> (8 * i)) }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return bytes[0..<4].hexString + "-" + bytes[4..<6].hexString + "-" + bytes[6..<8].hexString + "-"
            + bytes[8..<10].hexString + "-" + bytes[10..<16].hexString
    }

    /// The current time in ISO 8601 with microseconds, UTC (`2026-11-23T08:30:00.123456Z`).
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // By hand: `String(format:)` builds a CFString on every message.
        var text: [UInt8] = []
        text.reserveCapacity(27)
        func digits(_ value: Int, _ count: Int, then separator: Unicode.Scalar) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            for _ in 0..<count {
                text.append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
            text.append(UInt8(ascii: separator))
        }
        digits(Int(parts.tm_year) + 1900, 4, then: "-")
        digits(Int(parts.tm_mon) + 1, 2, then: "-")
        digits(Int(parts.tm_mday), 2, then: "T")
        digits(Int(parts.tm_hour), 2, then: ":")
        digits(Int(parts.tm_min), 2, then: ":")
        digits(Int(parts.tm_sec), 2, then: ".")
        digits(Int(now.tv_nsec / 1000), 6, then: "Z")
        return String(decoding: text, as: UTF8.self)
    }
}
