extension Compiler {
    /// One compiled piece of an f-string: its text in a frame.
    typealias CompiledText = (Frame) throws(Diagnostic) -> String

    /// An f-string: literal text and formatted fields, joined.
    func compileFormatted(_ parts: [FormattedPart]) throws(Diagnostic) -> CompiledExpression {
        var pieces: [CompiledText] = []
        for part in parts { pieces.append(try compilePiece(part)) }
        return { (frame) throws(Diagnostic) in
            var text = ""
            for piece in pieces { text += try piece(frame) }
            return .string(text)
        }
    }

    private func compilePiece(_ part: FormattedPart) throws(Diagnostic) -> CompiledText {
        switch part {
        case .literal(let text):
            return { _ in text }
        case .field(let value, let conversion, let spec, let selfDocumenting):
            let evaluate = try compile(value)
            let specText = try compileFormatted(spec)
            let range = value.range
            let interpreter = self.interpreter
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                let v = try evaluate(frame)
                var specString = ""
                if case .string(let s) = try specText(frame) { specString = s }
                let converted: Value
                switch conversion {
                case "r"?: converted = .string(try interpreter.text(of: v, repr: true, at: range))
                case "a"?: converted = .string(NumberBuiltins.asciiRepr(v))
                case "s"?: converted = .string(try interpreter.text(of: v, repr: false, at: range))
                default:
                    // `{x=}` shows the repr unless a spec or conversion is given.
                    converted = selfDocumenting != nil && specString.isEmpty ? .string(try interpreter.text(of: v, repr: true, at: range))
                        : v
                }
                return (selfDocumenting ?? "") + (try interpreter.formatted(converted, spec: specString, at: range))
            }
        }
    }
}
