import Testing
@testable import JupyterKernel

/// The session's history as `history_request` sees it.
@Suite struct HistoryTests {
    @Test func rangesSearchesAndOutputs() {
        let history = History()
        history.append(line: 1, input: "x = 1")
        history.append(line: 2, input: "x + 1")
        history.setOutput(line: 2, text: "2")
        history.append(line: 3, input: "x = 1")
        history.append(line: 4, input: "'é' * 100000")
        history.setOutput(line: 4, text: String(repeating: "é", count: 100_000))

        #expect(history.reply(to: ["hist_access_type": "tail", "n": 2]).map { $0.array?[1].int } == [3, 4])
        #expect(history.reply(to: ["hist_access_type": "range", "start": 2, "stop": 3, "output": true])
                == [[1, 2, ["x + 1", "2"]]])
        #expect(history.reply(to: ["hist_access_type": "search", "pattern": "x =*", "unique": true])
                == [[1, 3, "x = 1"]])
        let long = history.reply(to: ["hist_access_type": "range", "start": 4, "output": true]).first?.array?[2].array?[1].string ?? ""
        #expect(long.utf8.count <= History.outputLimit && long.hasPrefix("ééé") && long.contains("output truncated"))
    }
}
