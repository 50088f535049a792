import ConvEngine
import Testing
@testable import ConvLang

/// The PyTorch golden cases driven through the language: `torch.tensor(...)` literals
/// and `F.conv...` calls, as a reader would type them.
@Suite struct LanguageGoldenTests {
    struct Case: CustomTestStringConvertible, @unchecked Sendable {
        var id: String
        var source: String
        var expected: [String: Any]?
        var error: String?
        var testDescription: String { id }
    }

    static func literal(_ tensor: [String: Any]) -> String {
        let shape = tensor["shape"] as! [Int]
        let data = (tensor["data"] as! [Double]).map { PythonFormat.float(Double(Float($0))) }
        return "torch.tensor([\(data.joined(separator: ", "))]).reshape(\(shape.map(String.init).joined(separator: ", ")))"
    }

    static let cases: [Case] = {
        guard let root = try? Fixtures.json("conv_cases") else { return [] }
        return (root["cases"] as! [[String: Any]]).map { c in
            let op = c["op"] as! String
            let args = c["args"] as? [String: Any] ?? [:]
            var lines = ["import torch", "import torch.nn.functional as F",
                         "x = \(literal(c["input"] as! [String: Any]))", "w = \(literal(c["weight"] as! [String: Any]))"]
            if let bias = c["bias"] as? [String: Any] { lines.append("b = \(literal(bias))") } else { lines.append("b = None") }
            func tuple(_ key: String) -> String? {
                (args[key] as? [Int]).map { "(" + $0.map(String.init).joined(separator: ", ") + ($0.count == 1 ? ",)" : ")") }
            }
            var keywords: [String] = []
            if let s = tuple("stride") { keywords.append("stride=\(s)") }
            if let p = args["padding"] as? String { keywords.append("padding='\(p)'") } else if let p = tuple("padding") {
                if args["padding_mode"] == nil { keywords.append("padding=\(p)") }
            }
            if let op = tuple("output_padding") { keywords.append("output_padding=\(op)") }
            if let d = tuple("dilation") { keywords.append("dilation=\(d)") }
            if let g = args["groups"] as? Int { keywords.append("groups=\(g)") }
            var input = "x"
            if let mode = args["padding_mode"] as? String, let p = args["padding"] as? [Int] {
                let pads = p.reversed().flatMap { [$0, $0] }.map(String.init).joined(separator: ", ")
                input = "F.pad(x, (\(pads)), mode='\(mode)')"
            }
            lines.append("y = F.\(op)(\(([input, "w", "b"] + keywords).joined(separator: ", ")))")
            return Case(id: c["id"] as! String, source: lines.joined(separator: "\n"),
                        expected: c["expected"] as? [String: Any], error: c["expected_error"] as? String)
        }
    }()

    @Test func everyCaseIsThere() { #expect(Self.cases.count >= 149) }

    @Test(arguments: cases)
    func caseThroughTheLanguage(_ c: Case) throws {
        let session = Session()
        let result = session.interpreter.run(c.source)
        if let error = c.error {
            #expect(result.error?.kind == "RuntimeError", "\(c.id)")
            #expect(result.error?.message == error, "\(c.id)")
            return
        }
        #expect(result.error == nil, "\(c.id): \(result.error?.headline ?? "")")
        guard let y = session.tensor("y"), let expected = c.expected else { return }
        #expect(y.shape.dimensions == expected["shape"] as! [Int])
        let want = expected["data"] as! [Double]
        let got = y.doubles
        let bad = got.indices.first { !(abs(got[$0] - want[$0]) <= 1e-4 + 1e-4 * abs(want[$0])) }
        #expect(bad == nil, "\(c.id): element \(bad ?? -1)")
    }

    @Test func rngCasesRunAsPyTorchWroteThem() throws {
        let root = try Fixtures.json("rng_cases")
        for c in root["cases"] as! [[String: Any]] {
            let id = c["id"] as! String
            let code = c["code"] as! String
            let value = c["value"] as! [String: Any]
            let session = Session()
            if id.hasPrefix("init_") {
                // "torch.manual_seed(3); nn.ConvTranspose2d(4, 2, 4)"
                try session.run(String(code.split(separator: ";")[0]) + "\nlayer = " + code.split(separator: ";")[1].trimmingCharacters(in: .whitespaces))
                guard case .nnModule(let module)? = session.interpreter.globals["layer"], let weightBox = module.parameter("weight") else {
                    Issue.record("\(id): no layer"); continue
                }
                let weight = (value["weight"] as! [String: Any])["data"] as! [Double]
                #expect(weightBox.tensor.elements(as: Float.self) == weight.map { Float($0) }, "\(id)")
                continue
            }
            var statements = code.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            if !statements.last!.contains("=") { statements[statements.count - 1] = "result = " + statements.last! }
            try session.run(statements.joined(separator: "\n"))
            let expected: [String: [String: Any]] = value["shape"] != nil ? ["result": value] : value as! [String: [String: Any]]
            for (name, tensor) in expected {
                let want = (tensor["data"] as! [Double]).map { Float($0) }
                let got = session.tensor(name)?.elements(as: Float.self) ?? []
                let isLargeNormal = id.hasPrefix("randn") && want.count >= 16 || (name == "b" && want.count >= 16)
                if isLargeNormal {
                    #expect(zip(got, want).allSatisfy { abs($0 - $1) <= 3e-7 } && got.count == want.count, "\(id).\(name)")
                } else {
                    #expect(got == want, "\(id).\(name)")
                }
            }
        }
    }
}
