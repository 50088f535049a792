import Foundation

/// Where history is kept by default: `convlab/history.sqlite` in Jupyter's data
/// directory, found as `jupyter_core.paths.jupyter_data_dir()` finds it.
///
/// Not IPython's `profile_default/history.sqlite`: ConvLab's cells are not Python,
/// and IPython's own `%history` would show them. The data directory is where Jupyter
/// keeps per-user kernel files (kernelspecs, runtime), and the `convlab` folder keeps
/// this kernel's file apart from any other kernel's.
public enum HistoryLocation {
    /// The file name used to turn history off (SQLite's in-memory database).
    public static let memory = ":memory:"

    /// `$JUPYTER_DATA_DIR`, else `~/Library/Jupyter` on macOS, else
    /// `$XDG_DATA_HOME/jupyter`, else `~/.local/share/jupyter`.
    public static func jupyterDataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty { return dir }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        #if os(macOS)
        return home + "/Library/Jupyter"
        #else
        let xdg = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        return xdg + "/jupyter"
        #endif
    }

    /// The default history file of the kernel called `kernelName`.
    public static func defaultFile(kernelName: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        jupyterDataDirectory(environment: environment) + "/\(kernelName)/history.sqlite"
    }

    /// A path as given on a command line: `~` expanded; `:memory:` kept as it is.
    public static func expanding(_ path: String) -> String {
        path == memory ? path : (path as NSString).expandingTildeInPath
    }
}
