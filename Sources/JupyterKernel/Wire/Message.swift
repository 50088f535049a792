import Foundation

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
            "msg_id": .string(Self.newID()),
            "username": .string(Self.username),
            "session": .string(session),
            "date": .string(Self.timestamp()),
            "msg_type": .string(type),
            "version": .string(KernelCore.protocolVersion),
        ]
    }

    static let username = ProcessInfo.processInfo.environment["USER"] ?? "username"

    /// A random (version 4) UUID in lowercase, as ipykernel's message ids.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
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
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(now.tv_nsec / 1000))
    }
}
