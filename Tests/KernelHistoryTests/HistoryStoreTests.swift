import Foundation
import Synchronization
import Testing
@testable import KernelHistory

/// The store over a real file: sessions, IPython's queries, recovery.
@Suite final class HistoryStoreTests: Sendable {
    /// The folders this test made, removed when it ends (a fresh instance runs each test).
    private let folders = Mutex<[String]>([])

    deinit {
        for folder in folders.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// A fresh folder for one test's files.
    func folder() -> String {
        let path = NSTemporaryDirectory() + "history-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        folders.withLock { $0.append(path) }
        return path
    }

    /// Collects log lines.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func add(_ line: String) { lines.withLock { $0.append(line) } }
    }

    @Test func earlierSessionsAreReachedByTailRangeAndSearch() {
        let path = folder() + "/history.sqlite"
        let first = HistoryStore.open(path: path) { Issue.record("unexpected log: \($0)") }
        first.append(line: 1, source: "a = 1")
        first.append(line: 2, source: "b = 2")
        first.setOutput(line: 2, text: "2")
        first.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "closing folds the WAL into the file")
        let second = HistoryStore.open(path: path) { Issue.record("unexpected log: \($0)") }
        #expect(second.sessionNumber == first.sessionNumber + 1)
        second.append(line: 1, source: "c = 3")
        let s1 = first.sessionNumber, s2 = second.sessionNumber
        #expect(second.tail(10) == [HistoryEntry(session: s1, line: 1, source: "a = 1"), HistoryEntry(session: s1, line: 2, source: "b = 2"),
                                    HistoryEntry(session: s2, line: 1, source: "c = 3")])
        #expect(second.tail(2, includeLatest: false).map(\.source) == ["a = 1", "b = 2"])
        #expect(second.range(session: -1, start: 2, stop: nil, output: true) == [HistoryEntry(session: s1, line: 2, source: "b = 2", output: "2")])
        #expect(second.range(session: s1, start: 1, stop: 2).map(\.source) == ["a = 1"])
        #expect(second.search("? = *").map(\.line) == [1, 2, 1])
        #expect(second.search("? = *", limit: 1) == [HistoryEntry(session: s2, line: 1, source: "c = 3")])
        second.close()
    }

    @Test func thisSessionsRangeIsNumberedFromZeroWithGapsEmpty() {
        let store = HistoryStore.inMemory()
        store.append(line: 1, source: "x")
        store.append(line: 3, source: "z")
        #expect(store.range(session: 0, start: 0, stop: nil).map { "\($0.session) \($0.line) \($0.source)" } == ["1 0 ", "1 1 x", "1 2 ", "1 3 z"])
        #expect(store.range(session: 0, start: -2, stop: nil).map(\.line) == [2, 3])
        #expect(store.range(session: 0, start: 1, stop: -1).map(\.line) == [1, 2])
        #expect(store.range(session: 0, start: 2, stop: 99).map(\.line) == [2, 3])
    }

    @Test func uniqueSearchKeepsEachSourceAtItsLatestLine() {
        let store = HistoryStore.inMemory()
        for (line, source) in ["x = 1", "y", "x = 1", "y"].enumerated() { store.append(line: line + 1, source: source) }
        #expect(store.search("*", unique: true).map(\.line) == [3, 4])
        #expect(store.search("x*", limit: 5, unique: true).map(\.line) == [3])
        #expect(store.search("X*").isEmpty, "GLOB is case-sensitive")
    }

    @Test func twoStoresOnOneFileLoseNothing() async {
        let path = folder() + "/history.sqlite"
        let lines = Lines()
        let stores = [HistoryStore.open(path: path, log: lines.add), HistoryStore.open(path: path, log: lines.add)]
        await withTaskGroup(of: Void.self) { group in
            for store in stores {
                group.addTask { for i in 1...200 { store.append(line: i, source: "cell \(i)") } }
            }
        }
        for store in stores { store.close() }
        #expect(lines.all.isEmpty)
        let check = HistoryStore.open(path: path, log: lines.add)
        #expect(check.search("cell *").count == 400)
        for store in stores { #expect(check.range(session: store.sessionNumber, start: 1, stop: nil).count == 200) }
    }

    /// What a kernel relies on before a reply: once `waitForWrites` returns true, another
    /// connection to the file (a new kernel after this one is killed) reads every line,
    /// without this store being closed.
    @Test func waitedForWritesAreInTheFileForAnotherConnection() {
        let path = folder() + "/history.sqlite"
        let store = HistoryStore.open(path: path) { Issue.record("unexpected log: \($0)") }
        for i in 1...300 { store.append(line: i, source: "cell \(i)") }
        #expect(store.waitForWrites(upTo: .seconds(10)))
        let other = HistoryStore.open(path: path) { Issue.record("unexpected log: \($0)") }
        #expect(other.range(session: store.sessionNumber, start: 1, stop: nil).count == 300)
        #expect(HistoryStore.inMemory().waitForWrites(upTo: .seconds(1)))
        other.close()
        store.close()
    }

    @Test func aCorruptFileIsMovedAsideAndANewOneMade() throws {
        let folder = folder()
        let path = folder + "/history.sqlite"
        try Data(repeating: 0xA5, count: 40_000).write(to: URL(fileURLWithPath: path))
        let lines = Lines()
        let store = HistoryStore.open(path: path, log: lines.add)
        #expect(store.path == path && store.sessionNumber == 1)
        store.append(line: 1, source: "kept")
        #expect(store.tail(1).map(\.source) == ["kept"])
        let moved = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("history-corrupt-") }
        #expect(moved.count == 1 && moved[0].hasSuffix(".sqlite"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + moved[0])).count == 40_000)
        #expect(lines.all.contains { $0.contains("History file was moved to \(folder)/history-corrupt-") })
    }

    @Test func anUnwritablePlaceIsSkippedForMemory() throws {
        let folder = folder()
        // A file where the folder should be: nothing can be created under it, even as root.
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/blocked"))
        let lines = Lines()
        let store = HistoryStore.open(path: folder + "/blocked/convlab/history.sqlite", log: lines.add)
        #expect(store.path == HistoryLocation.memory)
        store.append(line: 1, source: "in memory")
        #expect(store.tail(5).map(\.source) == ["in memory"])
        #expect(lines.all.count == 1 && lines.all[0].contains("kept in memory only"))
    }

    @Test func theDefaultFileIsInJupytersDataDirectory() {
        #expect(HistoryLocation.defaultFile(kernelName: "k", environment: ["JUPYTER_DATA_DIR": "/d", "HOME": "/h"]) == "/d/k/history.sqlite")
        #if !os(macOS)
        #expect(HistoryLocation.jupyterDataDirectory(environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]) == "/x/jupyter")
        #expect(HistoryLocation.jupyterDataDirectory(environment: ["HOME": "/h"]) == "/h/.local/share/jupyter")
        #endif
        #expect(HistoryLocation.expanding(":memory:") == ":memory:")
    }
}
