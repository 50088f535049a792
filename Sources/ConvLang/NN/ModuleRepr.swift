/// PyTorch's `Module.__repr__`: the class name, then `extra_repr()` and each
/// sub-module as `(name): repr`, indented by two spaces; `ModuleList` folds runs of
/// identical entries into `(0-2): 3 x Linear(...)`, as PyTorch's does.
enum ModuleRepr {
    static func repr(_ module: ModuleObject) -> String {
        var active = Set<ObjectIdentifier>()
        return repr(module, &active)
    }

    private static func repr(_ module: ModuleObject, _ active: inout Set<ObjectIdentifier>) -> String {
        // A module inside itself recurses without end in PyTorch; ConvLang stops there.
        guard !StackGuard.isLow, active.insert(ObjectIdentifier(module)).inserted else { return module.className + "(...)" }
        defer { active.remove(ObjectIdentifier(module)) }
        let children = module.modules.entries.map { entry in (entry.key, entry.value.map { repr($0, &active) } ?? "None") }
        if module.native is ModuleListModule { return listRepr(module.className, children.map(\.1)) }
        let extra = module.native?.extraRepr(module) ?? ""
        let extraLines = extra.isEmpty ? [] : extra.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let childLines = children.map { indented("(\($0.0)): \($0.1)") }
        let lines = extraLines + childLines
        var text = module.className + "("
        if extraLines.count == 1 && childLines.isEmpty {
            text += extraLines[0]
        } else if !lines.isEmpty {
            text += "\n  " + lines.joined(separator: "\n  ") + "\n"
        }
        return text + ")"
    }

    private static func listRepr(_ name: String, _ items: [String]) -> String {
        guard !items.isEmpty else { return name + "()" }
        var runs: [(start: Int, end: Int, text: String)] = []
        for (i, item) in items.enumerated() {
            if let last = runs.last, last.text == item { runs[runs.count - 1].end = i } else { runs.append((i, i, item)) }
        }
        let lines = runs.map { run in
            indented(run.start == run.end ? "(\(run.start)): \(run.text)" : "(\(run.start)-\(run.end)): \(run.end - run.start + 1) x \(run.text)")
        }
        return name + "(\n  " + lines.joined(separator: "\n  ") + "\n)"
    }

    /// PyTorch's `_addindent(text, 2)`: every line but the first indented.
    private static func indented(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 1 else { return text }
        return lines[0] + "\n" + lines.dropFirst().map { $0.allSatisfy(\.isWhitespace) ? "" : "  " + $0 }.joined(separator: "\n")
    }
}
