import ConvLang
import Testing

/// A widget's refusal raised in a cell points at the call that made it (found by the
/// language fuzz: the widget layer's errors had no place, so their tracebacks showed no
/// line and no caret).
@Suite struct WidgetErrorPlacementTests {
    @Test(arguments: [
        ("w = Checkbox(value='reflect')", "Checkbox(value='reflect')", "TraitError"),
        ("r = IntRangeSlider(value=(6, 4), min=0, max=7)", "IntRangeSlider(value=(6, 4), min=0, max=7)", "TraitError"),
        ("d = Dropdown(options=[1, 2], value=torch.ones(1))", "Dropdown(options=[1, 2], value=torch.ones(1))", "NotImplementedError"),
        ("s = IntSlider()\ns.observe(print, type='other')", "type='other'", "NotImplementedError"),
    ])
    func aRefusalInACellIsPlacedAtItsCall(_ code: String, _ call: String, _ kind: String) throws {
        let session = WidgetSession()
        let error = try #require(session.run(code))
        #expect(error.kind == kind)
        let range = try #require(error.range, "\(error.headline)")
        let found = try #require(code.utf8.firstRange(of: call.utf8))
        let start = code.utf8.distance(from: code.utf8.startIndex, to: found.lowerBound)
        #expect(range.start >= start && range.end <= start + call.utf8.count && range.end > range.start,
                "\(range.start)..<\(range.end) lies inside \(call) at \(start): \(error.headline)")
        let drawn = DiagnosticFormatter(sourceName: "cell").format(error, source: SourceText(code))
        #expect(drawn.contains("^"), "\(drawn)")
    }
}
