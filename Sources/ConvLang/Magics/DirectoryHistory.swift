import Foundation

/// The session's working directory and the directories it has been in (IPython's
/// `_dh`), for `%cd`, `%pwd` and `!`.
///
/// ConvLab keeps the directory per session rather than changing the process's: `!`
/// commands run there and `%pwd` reports it, so a notebook sees what IPython shows,
/// while sessions sharing a process (tests, several kernels in one host) do not move
/// each other.
struct DirectoryHistory {
    /// Where the session is.
    var current: String
    /// Every directory changed to, starting with the one the session started in.
    var visited: [String]

    init(start: String = FileManager.default.currentDirectoryPath) {
        current = start
        visited = [start]
    }

    /// The user's home directory (`os.path.expanduser("~")`).
    static var home: String {
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    /// `os.path.expanduser` for `~` and `~/...`.
    static func expandingUser(_ path: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }

    /// `path` made absolute against ``current``.
    func absolute(_ path: String) -> String {
        let expanded = Self.expandingUser(path)
        if expanded.hasPrefix("/") { return expanded }
        return current.hasSuffix("/") ? current + expanded : current + "/" + expanded
    }

    /// Whether `path` names a directory (`os.path.isdir`).
    func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// What `os.chdir(path)` then `os.getcwd()` give: the physical path of the new
    /// directory, or Python's `OSError` text (`[Errno 2] No such file or directory: 'x'`).
    func resolve(_ path: String) -> Result<String, ChangeFailure> {
        let expanded = Self.expandingUser(path)
        let target = absolute(path)
        func failure(_ code: Int32) -> Result<String, ChangeFailure> {
            .failure(ChangeFailure(message: "[Errno \(code)] \(String(cString: strerror(code))): \(Value.quoted(expanded))"))
        }
        var info = stat()
        if stat(target, &info) != 0 { return failure(errno) }
        if info.st_mode & S_IFMT != S_IFDIR { return failure(ENOTDIR) }
        if access(target, X_OK) != 0 { return failure(errno) }
        guard let resolved = realpath(target, nil) else { return failure(errno) }
        defer { free(resolved) }
        return .success(String(cString: resolved))
    }

    /// Why a directory could not be entered.
    struct ChangeFailure: Error {
        var message: String
    }
}
