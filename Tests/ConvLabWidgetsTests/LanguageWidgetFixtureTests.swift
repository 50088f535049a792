import ConvLang
import Testing

/// Widget programs as `convlab run` runs them (no frontend) against what real
/// ipywidgets 8.1.9 printed for each (scripts/generate_widget_language_fixtures.py).
@Suite struct LanguageWidgetFixtureTests {
    static let fixture: JSONCases = {
        guard let json = try? Fixtures.json("programs") else { return JSONCases(prelude: "", cases: []) }
        let cases = (json["cases"].array ?? []).map { ($0["name"].string ?? "", $0["code"].string ?? "", $0["stdout"].string ?? "") }
        return JSONCases(prelude: json["prelude"].string ?? "", cases: cases)
    }()

    struct JSONCases: Sendable {
        let prelude: String
        let cases: [(name: String, code: String, stdout: String)]
    }

    @Test func theFixtureIsThere() {
        #expect(Self.fixture.cases.count >= 10)
    }

    @Test(arguments: fixture.cases.map(\.name))
    func printsWhatIpywidgetsPrints(_ name: String) {
        guard let program = Self.fixture.cases.first(where: { $0.name == name }) else { Issue.record("no case \(name)"); return }
        let session = WidgetSession()
        let error = session.run(Self.fixture.prelude + program.code)
        #expect(error == nil, "\(name): \(error.map { "\($0.kind): \($0.message)" } ?? "")")
        #expect(session.sink.stdout == program.stdout, "\(name)")
    }
}
