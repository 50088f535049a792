import Foundation

/// Real ConvLab cells to mutate, read where they live: the notebooks' code cells, the
/// experiment and tutorial scripts, the language, exception, class and widget
/// fixtures' programs, the diagnostic fixtures' sources, and `Fixtures/fuzz_corpus.py`
/// (cells separated by `# %%` lines) for what those leave out: indexing, containers,
/// strings, help, every builtin.
enum FuzzCorpus {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let repository = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    /// Every cell, the fixture's first.
    static let cells: [String] = {
        var cells = text(testsDirectory.appendingPathComponent("Fixtures/fuzz_corpus.py")).components(separatedBy: "\n# %%\n")
        cells += files(in: "notebooks", ending: ".ipynb").flatMap(notebookCells)
        cells += files(in: "Tests/ConvLangTests/Fixtures/experiments", ending: ".py").map(text)
        cells += files(in: "Tests/ConvLangTests/Fixtures/tutorials", ending: ".py").map(text)
        cells += programs(in: "Tests/ConvLangTests/Fixtures/language/language.json")
        cells += programs(in: "Tests/ConvLangTests/Fixtures/exceptions/exceptions.json")
        cells += programs(in: "Tests/ConvLangTests/Fixtures/classes/classes.json")
        cells += programs(in: "Tests/ConvLabWidgetsTests/Fixtures/programs.json", key: "code")
        // A diagnostic fixture is the source, `---`, then the message.
        cells += files(in: "Tests/ConvLangTests/Fixtures/diagnostics", ending: ".txt").map { text($0).components(separatedBy: "\n---\n")[0] }
        return cells.map { $0.trimmingCharacters(in: .newlines) }.filter { !$0.isEmpty }
    }()

    /// Every line of every cell that is not a comment, for splicing.
    static let lines: [String] = cells.flatMap { $0.components(separatedBy: "\n") }.filter { !$0.hasPrefix("#") }

    private static func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    private static func files(in folder: String, ending suffix: String) -> [URL] {
        let directory = repository.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// The programs of a fixture that `ProgramFixture` reads (`cases[].source`), or the
    /// widget fixture's (`cases[].code`, each after the fixture's `prelude`).
    private static func programs(in path: String, key: String = "source") -> [String] {
        guard let data = try? Data(contentsOf: repository.appendingPathComponent(path)),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = root["cases"] as? [[String: Any]] else { return [] }
        let prelude = root["prelude"] as? String ?? ""
        return cases.compactMap { ($0[key] as? String).map { prelude + $0 } }
    }

    /// The sources of a notebook's code cells.
    private static func notebookCells(_ url: URL) -> [String] {
        guard let data = try? Data(contentsOf: url),
              let notebook = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cells = notebook["cells"] as? [[String: Any]] else { return [] }
        return cells.filter { $0["cell_type"] as? String == "code" }.compactMap { cell in
            (cell["source"] as? [String])?.joined() ?? cell["source"] as? String
        }
    }
}
