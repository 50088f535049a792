import ConvEngine
import Testing
@testable import ConvLang

/// The PyTorch golden cases driven through the language: `torch.tensor(...)` literals
/// and `F.conv...` calls, as a reader would type them.
@Suite struct LanguageGoldenTests {
    struct Case: CustomTestStringConvertible, @unchecked Sendable {
        var id: String
        /// The operands' lines, then the call's.
        var operands: [String]
        var call: String
        var expected: [String: Any]?
        var error: String?
        var acceptedEmptyShape: [Int]?
        var testDescription: String { id }

        /// The program in float32, as the fixture gives the operands, or in float64.
        func source(float64: Bool = false) -> String {
            let conversion = float64 ? ["x, w = x.double(), w.double()", "b = None if b is None else b.double()"] : []
            return (operands + conversion + [call]).joined(separator: "\n")
        }
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
            return Case(id: c["id"] as! String, operands: lines,
                        call: "y = F.\(op)(\(([input, "w", "b"] + keywords).joined(separator: ", ")))",
                        expected: c["expected"] as? [String: Any], error: c["expected_error"] as? String,
                        acceptedEmptyShape: c["also_accepted_empty_shape"] as? [Int])
        }
    }()

    @Test func everyCaseIsThere() { #expect(Self.cases.count >= 149) }

    /// The fixture's refusals are PyTorch's matrix route's, computed in float64 (see
    /// `GoldenConvolutionTests`): they are run in float64, and the empty shapes that
    /// PyTorch's oneDNN route gives in float32 in float32.
    @Test(arguments: cases)
    func caseThroughTheLanguage(_ c: Case) throws {
        let session = Session()
        if let error = c.error {
            let result = session.interpreter.run(c.source(float64: true))
            #expect(result.error?.kind == "RuntimeError", "\(c.id)")
            #expect(result.error?.message == error, "\(c.id)")
            if let empty = c.acceptedEmptyShape {
                #expect(session.interpreter.run(c.source()).error == nil, "\(c.id)")
                #expect(session.tensor("y")?.shape.dimensions == empty, "\(c.id)")
            }
            return
        }
        let result = session.interpreter.run(c.source())
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
