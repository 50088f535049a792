import Foundation
import JupyterKernel
@testable import JupyterWidgets

/// Records every message a CommManager publishes, as the fixture script records them.
final class Recorder: @unchecked Sendable {
    /// The events, shared with the CommManager's publish closure.
    private final class Events: @unchecked Sendable {
        let lock = NSLock()
        var recorded: [JSONValue] = []
        func append(_ event: JSONValue) { lock.withLock { recorded.append(event) } }
    }

    private let events = Events()

    /// A CommManager whose messages land here.
    lazy var comms = CommManager { [events] type, content, metadata, buffers in
        events.append([
            "event": "message", "msg_type": .string(type), "content": content, "metadata": metadata,
            "buffers": .array(buffers.map { .string($0.base64EncodedString()) }),
        ])
    }

    func append(_ event: JSONValue) { events.append(event) }

    /// The events since the last call.
    func take() -> [JSONValue] {
        events.lock.withLock {
            defer { events.recorded = [] }
            return events.recorded
        }
    }

    /// The frontend sends a `comm_msg` to `commID`.
    func frontend(_ commID: String, _ data: JSONValue, buffers: [Data] = []) {
        comms.handle(type: "comm_msg", content: ["comm_id": .string(commID), "data": data], metadata: [:], buffers: buffers)
    }
}

/// Loads a fixture written by scripts/generate_widget_fixtures.py.
func fixture(_ name: String) throws -> JSONValue {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
        throw CocoaError(.fileNoSuchFile)
    }
    return try JSONValue.decode(Data(contentsOf: url))
}

/// Replaces comm and model ids (32 hex digits) by ID0, ID1... in order of first
/// appearance, a message's `data` before its `comm_id` as the fixture script walks them.
struct IDNormaliser {
    private var ids: [String: String] = [:]

    mutating func callAsFunction(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(replace(s).replacing(/<memory at 0x[0-9a-f]+>/, with: "<memory at ADDRESS>"))
        case .array(let items): return .array(items.map { self($0) })
        case .object(let members):
            var out: [String: JSONValue] = [:]
            let order = members.keys.sorted { rank($0) < rank($1) || (rank($0) == rank($1) && $0 < $1) }
            for key in order { out[replace(key)] = self(members[key]!) }
            return .object(out)
        default: return value
        }
    }

    private func rank(_ key: String) -> Int { key == "comm_id" ? 1 : 0 }

    private mutating func replace(_ s: String) -> String {
        var result = ""
        var rest = Substring(s)
        while let range = rest.firstRange(of: /[0-9a-f]{32}/) {
            result += rest[..<range.lowerBound]
            let id = String(rest[range])
            if ids[id] == nil { ids[id] = "ID\(ids.count)" }
            result += ids[id]!
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
