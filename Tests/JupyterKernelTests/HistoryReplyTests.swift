import KernelHistory
import Testing
@testable import JupyterKernel

/// `history_request`'s reply built from a store, in ipykernel's shapes.
@Suite struct HistoryReplyTests {
    @Test func tailRangeAndSearchInIPykernelsShapes() {
        let store = HistoryStore.inMemory()
        store.append(line: 1, source: "x = 1")
        store.append(line: 2, source: "x + 1")
        store.setOutput(line: 2, text: "2")
        store.append(line: 3, source: "x = 1")
        func reply(_ content: JSONValue) -> [JSONValue] { HistoryReply.entries(for: content, from: store) }

        #expect(reply(["hist_access_type": "tail", "n": 2, "output": false, "raw": true]) == [[1, 2, "x + 1"], [1, 3, "x = 1"]])
        // The current session's range starts at line 0 (empty), as IPython's in-memory
        // `_get_range_session` (which numbers the session 0).
        #expect(reply(["hist_access_type": "range", "session": 0, "start": 0, "stop": 3, "output": true, "raw": true])
                == [[1, 0, ["", .null]], [1, 1, ["x = 1", .null]], [1, 2, ["x + 1", "2"]]])
        #expect(reply(["hist_access_type": "search", "pattern": "x =*", "unique": true, "output": false, "raw": true])
                == [[1, 3, "x = 1"]])
        #expect(reply(["hist_access_type": "search", "output": false, "raw": true]) == [], "no pattern matches nothing")
        #expect(reply(["hist_access_type": "tail", "output": false, "raw": true]).count == 3, "n defaults to 10")
    }
}
