import Foundation
import GRDB

/// A kernel's input history in IPython's SQLite format, across sessions: each kernel
/// process is one row of `sessions`, each stored cell one row of `history` (and its
/// result text one of `output_history`).
///
/// ```swift
/// let store = HistoryStore.open(path: HistoryLocation.defaultFile(kernelName: "mykernel")) { print($0) }
/// store.append(line: 1, source: "x = 1")
/// store.tail(10)          // the last lines, this session's last
/// store.range(session: -1, start: 1, stop: nil)   // the whole previous session
/// store.close()
/// ```
///
/// Writes go to a serial queue and return at once, so a cell never waits for the disk;
/// reads go through the same queue, so they see every earlier write. A kernel waits
/// briefly for a cell's writes before its reply (``waitForWrites(upTo:)``), so that a
/// cell that completed is in the file even if the kernel is killed just after. A write
/// that fails is logged and dropped. Two kernels may share a file (WAL, a busy timeout).
public final class HistoryStore: Sendable {
    /// This session's number in the file (`1` for an in-memory store).
    public let sessionNumber: Int
    /// The file, or `:memory:` when none is kept.
    public let path: String
    private let database: HistoryDatabase?
    private let queue = DispatchQueue(label: "history-store")
    private let log: @Sendable (String) -> Void

    private init(database: HistoryDatabase?, log: @escaping @Sendable (String) -> Void) {
        self.database = database
        sessionNumber = database?.session ?? 1
        path = database?.path ?? HistoryLocation.memory
        self.log = log
    }

    /// Opens (or creates) the file at `path` and starts a new session in it; a corrupt
    /// file is moved aside, an unwritable place skipped for memory (see ``HistoryDatabase``).
    /// - Parameter log: receives a line for each problem met, now or later.
    public static func open(path: String, log: @escaping @Sendable (String) -> Void) -> HistoryStore {
        HistoryStore(database: HistoryDatabase.open(path: path, log: log), log: log)
    }

    /// A store that keeps this session's history in memory only.
    public static func inMemory(log: @escaping @Sendable (String) -> Void = { _ in }) -> HistoryStore {
        open(path: HistoryLocation.memory, log: log)
    }

    // MARK: - Writing

    /// Stores a cell's source as line `line` of this session (`source` and `source_raw`).
    public func append(line: Int, source: String) {
        write("store line \(line)") { db, session in
            try db.execute(sql: "INSERT INTO history VALUES (?, ?, ?, ?)", arguments: [session, line, source, source])
        }
    }

    /// Stores the text of line `line`'s result (IPython's `db_log_output`).
    public func setOutput(line: Int, text: String) {
        write("store the output of line \(line)") { db, session in
            try db.execute(sql: "INSERT OR REPLACE INTO output_history VALUES (?, ?, ?)", arguments: [session, line, text])
        }
    }

    /// Waits until the writes queued so far are done, but no longer than `limit` (a disk
    /// that stalls, another kernel holding the file); returns whether they are done.
    /// A write committed in WAL mode survives the process being killed.
    @discardableResult
    public func waitForWrites(upTo limit: Duration) -> Bool {
        guard database != nil else { return true }
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        let (seconds, attoseconds) = limit.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        return done.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success
    }

    /// Waits for the writes so far, fills in the session's end time and number of lines
    /// (as IPython's `end_session`), and closes the file, which folds the WAL back into
    /// it. Called once, as the kernel ends: later writes are logged and dropped.
    public func close() {
        write("end the session") { db, session in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM history WHERE session == ?", arguments: [session]) ?? 0
            try db.execute(sql: "UPDATE sessions SET end=?, num_cmds=? WHERE session==?", arguments: [HistoryTime.utc(), count, session])
        }
        guard let database else { return }
        queue.sync { [log] in
            do {
                try database.connection.close()
            } catch {
                log("history: could not close \(database.path): \(HistoryDatabase.describe(error))")
            }
        }
    }

    private func write(_ what: String, _ body: @escaping @Sendable (Database, Int) throws -> Void) {
        guard let database else { return }
        let session = sessionNumber
        queue.async { [log] in
            do {
                try database.connection.write { db in try body(db, session) }
            } catch {
                log("history: could not \(what) in \(database.path): \(HistoryDatabase.describe(error))")
            }
        }
    }

    /// Runs a read after the writes queued before it; `[]` (logged) if it fails.
    func read(_ what: String, _ body: (Database) throws -> [HistoryEntry]) -> [HistoryEntry] {
        guard let database else { return [] }
        return queue.sync {
            do {
                return try database.connection.read(body)
            } catch {
                log("history: could not \(what) in \(database.path): \(HistoryDatabase.describe(error))")
                return []
            }
        }
    }
}
