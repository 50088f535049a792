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
            "msg_id": .string(UUID().uuidString.lowercased()),
            "username": .string(ProcessInfo.processInfo.environment["USER"] ?? "convlab"),
            "session": .string(session),
            "date": .string(Self.timestamp()),
            "msg_type": .string(type),
            "version": .string(KernelServer.protocolVersion),
        ]
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
