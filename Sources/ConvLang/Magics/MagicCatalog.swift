/// The magics ConvLab has, and IPython's words for the ones it has not.
enum MagicCatalog {
    /// Line magics (`%name argument`).
    static let lineMagics: Set<String> = [
        "cd", "env", "hist", "history", "lsmagic", "pwd", "reset", "set_env", "time", "timeit", "who", "who_ls", "whos",
    ]
    /// Cell magics (`%%name argument` on a cell's first line).
    static let cellMagics: Set<String> = ["time", "timeit"]

    /// A `UsageError`: IPython shows it as one line, `UsageError: message`, with no
    /// traceback, so it has no source range.
    static func usageError(_ message: String) -> Diagnostic {
        Diagnostic(.runtime, message, nil, kind: "UsageError")
    }

    /// The error for `%name` when there is no such line magic
    /// (`InteractiveShell.run_line_magic`).
    static func unknownLineMagic(_ name: String) -> Diagnostic {
        let hint = cellMagics.contains(name) ? " (But cell magic `%%\(name)` exists, did you mean that instead?)" : ""
        return usageError("Line magic function `%\(name)` not found\(hint).")
    }

    /// The error for `%%name` when there is no such cell magic (`run_cell_magic`).
    static func unknownCellMagic(_ name: String) -> Diagnostic {
        let hint = lineMagics.contains(name) ? " (But line magic `%\(name)` exists, did you mean that instead?)" : ""
        return usageError("Cell magic `%%\(name)` not found\(hint).")
    }

    /// The error for `%%name` with nothing below it.
    static func emptyCellBody(_ name: String) -> Diagnostic {
        var message = "%%\(name) is a cell magic, but the cell body is empty."
        if lineMagics.contains(name) { message += " Did you mean the line magic %\(name) (single %)?" }
        return usageError(message)
    }

    /// `%lsmagic`'s text (`MagicsDisplay._lsmagic`). ConvLab reads `%` as the start of
    /// a magic only, so automagic (`pwd` without `%`) is off.
    static var listing: String {
        [
            "Available line magics:",
            "%" + lineMagics.sorted().joined(separator: "  %"),
            "",
            "Available cell magics:",
            "%%" + cellMagics.sorted().joined(separator: "  %%"),
            "",
            "Automagic is OFF, % prefix IS needed for line magics.",
        ].joined(separator: "\n")
    }
}
