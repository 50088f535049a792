import Foundation
import GRDB

/// A history database opened for one kernel session: its connection and the session
/// number its `sessions` row was given.
///
/// Opening never fails the kernel. As IPython's `catch_corrupt_db`: a file that is not
/// an SQLite database (or is corrupt) is moved aside to `history-corrupt-<timestamp>.sqlite`
/// beside it and a new one is made. A place that cannot be written (no permission, a
/// read-only file, no room for the folder) is skipped: the session's history is kept in
/// memory only. Each case is logged.
struct HistoryDatabase: Sendable {
    let connection: DatabaseQueue
    /// Where it lives, or `:memory:`.
    let path: String
    let session: Int

    /// How long a writer waits for another kernel's transaction on the same file.
    static let busyTimeout: TimeInterval = 10

    /// Opens `path` (`:memory:` for no file), recovering as described above; `nil` only
    /// if not even an in-memory database can be made.
    static func open(path: String, log: (String) -> Void) -> HistoryDatabase? {
        if path != HistoryLocation.memory {
            do {
                return try connect(path)
            } catch let error as DatabaseError where isCorrupt(error) {
                log("Failed to open SQLite history \(path) (\(error.message ?? "\(error.resultCode)")).")
                if let moved = moveAside(path, log: log) {
                    log("History file was moved to \(moved) and a new file created.")
                    do {
                        return try connect(path)
                    } catch {
                        log("history: cannot create \(path) (\(describe(error))); this session's history is kept in memory only")
                    }
                }
            } catch {
                log("history: cannot write \(path) (\(describe(error))); this session's history is kept in memory only")
            }
        }
        do {
            return try connect(HistoryLocation.memory)
        } catch {
            log("history: no in-memory database either (\(describe(error))); history is not kept")
            return nil
        }
    }

    /// Opens the file (WAL, a busy timeout), creates IPython's tables and a new session.
    private static func connect(_ path: String) throws -> HistoryDatabase {
        var configuration = Configuration()
        configuration.label = "history"
        configuration.busyMode = .timeout(busyTimeout)
        if path != HistoryLocation.memory {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            // Two kernels on one file: readers never wait for the writer, writers queue.
            configuration.journalMode = .wal
            // In WAL mode a commit is safe from a crash without a sync each time (only a
            // power loss may drop the last lines), so a line costs little.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        }
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let session = try connection.write { db in
            for statement in HistorySchema.statements { try db.execute(sql: statement) }
            try db.execute(sql: "INSERT INTO sessions VALUES (NULL, ?, NULL, NULL, '')", arguments: [HistoryTime.local()])
            return Int(db.lastInsertedRowID)
        }
        return HistoryDatabase(connection: connection, path: path, session: session)
    }

    private static func isCorrupt(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT
    }

    /// Renames a corrupt file to `<name>-corrupt-<UTC time>.<ext>` (a number added
    /// rather than overwrite an earlier one); the new path, or `nil` if it could not move.
    private static func moveAside(_ path: String, log: (String) -> Void) -> String? {
        let url = URL(fileURLWithPath: path)
        let base = url.deletingPathExtension().path + "-corrupt-" + HistoryTime.fileStamp()
        let ext = url.pathExtension.isEmpty ? "" : "." + url.pathExtension
        var target = base + ext
        var i = 0
        while FileManager.default.fileExists(atPath: target), i < 100 {
            target = base + "-\(i)" + ext
            i += 1
        }
        do {
            try FileManager.default.moveItem(atPath: path, toPath: target)
            for sidecar in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + sidecar) }
            return target
        } catch {
            log("history: cannot move \(path) aside (\(describe(error))); this session's history is kept in memory only")
            return nil
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return (error as NSError).localizedDescription
    }
}
