extension Interpreter {
    /// IPython's `var_expand`: `line` with its `{expression}` and `$name` fields
    /// replaced by their values' `str` (see ``ExpansionTemplate``), or unchanged if any
    /// field fails to parse or evaluate (`!echo $HOME` reaches the shell as written).
    func expandingVariables(_ line: String) -> String {
        guard line.contains(where: { $0 == "{" || $0 == "}" || $0 == "$" }),
              let pieces = ExpansionTemplate.pieces(line) else { return line }
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text):
                out += text
            case .field(let expression, let conversion):
                guard let program = try? Parser.parse(SourceText(expression)),
                      program.statements.count == 1, case .expression(let e) = program.statements[0],
                      let value = try? evaluate(e) else { return line }
                out += withSession { conversion == "r" || conversion == "a" ? value.reprText : value.strText }
            }
        }
        return out
    }
}
