import Foundation
import Testing
@testable import ConvLang

/// A ``ProgramFixture`` whose cases also name values that PyTorch computed
/// (`x.grad`, `w.grad`, the results of `torch.autograd.grad`, parameters after a few
/// optimiser steps), as `scripts/generate_autograd_fixtures.py` writes them: each
/// value's expression, evaluated after the program, with the tensor PyTorch gave
/// (dtype, shape, values) or `None`.
///
/// A case matches PyTorch when its printout and error are PyTorch's to the character
/// (object addresses masked as `0x…`) and every value is PyTorch's within
/// max|a-b| / max(1, max|b|) ≤ 1e-5 in float32 and ≤ 1e-10 in float64.
struct GradientFixture {
    /// One value PyTorch computed: `dtype` nil means `None`.
    struct Expected: Sendable {
        var expression: String, dtype: String?, shape: [Int], values: [Double]
    }

    /// What an expression gave in ConvLang.
    enum Observed: Sendable {
        case none
        case tensor(dtype: String, shape: [Int], values: [Double])
        case other(String)
    }

    let program: ProgramFixture
    let expected: [String: [Expected]]

    /// `Fixtures/<name>.json`; empty when it cannot be read (the count tests then fail).
    init(_ name: String) {
        program = ProgramFixture(name)
        let cases = (try? Fixtures.json(name))?["cases"] as? [[String: Any]] ?? []
        expected = Dictionary(cases.map { c in
            let values = (c["values"] as? [[String: Any]] ?? []).map {
                Expected(expression: $0["expression"] as! String, dtype: $0["dtype"] as? String,
                         shape: $0["shape"] as? [Int] ?? [], values: ($0["values"] as? [NSNumber] ?? []).map(\.doubleValue))
            }
            return (c["id"] as! String, values)
        }, uniquingKeysWith: { a, _ in a })
    }

    /// How case `c` differs from PyTorch in a fresh session: empty when it matches.
    func problems(_ c: ProgramFixture.Case) -> [String] {
        let expected = self.expected[c.id] ?? []
        let expressions = expected.map(\.expression)
        let (stdout, error, observed) = ProgramFixture.run(c) { session in
            expressions.map { Self.observe($0, in: session) }
        }
        var problems: [String] = []
        let printed = ProgramFixture.maskingAddresses(stdout)
        if printed != c.stdout { problems.append(Self.difference(pytorch: c.stdout, convlab: printed)) }
        let raised = error.map(ProgramFixture.maskingAddresses)
        if raised != c.error { problems.append("error: PyTorch \(c.error ?? "none")\n       ConvLab \(raised ?? "none")") }
        for (value, seen) in zip(expected, observed) {
            if let problem = Self.compare(seen, with: value) { problems.append("\(value.expression): \(problem)") }
        }
        return problems
    }

    /// Evaluates `expression` in the session a program left.
    static func observe(_ expression: String, in session: Session) -> Observed {
        let result = session.interpreter.run(expression, storeHistory: false)
        if let error = result.error { return .other("\(error.kind): \(error.message)") }
        switch result.value {
        case nil, .some(.none): return .none
        case .some(.tensor(let box)):
            let t = box.tensor
            return .tensor(dtype: t.dtype.rawValue, shape: t.shape.dimensions, values: t.doubles)
        case .some(let value): return .other("a \(value.typeName)")
        }
    }

    /// Why `observed` is not PyTorch's value, or nil when it is.
    static func compare(_ observed: Observed, with expected: Expected) -> String? {
        let wanted = expected.dtype.map { "a \($0) tensor of shape \(expected.shape)" } ?? "None"
        switch observed {
        case .none:
            return expected.dtype == nil ? nil : "None, PyTorch gives \(wanted)"
        case .other(let what):
            return "\(what), PyTorch gives \(wanted)"
        case .tensor(let dtype, let shape, let values):
            guard let expectedDType = expected.dtype else { return "a \(dtype) tensor, PyTorch gives None" }
            if dtype != expectedDType || shape != expected.shape {
                return "a \(dtype) tensor of shape \(shape), PyTorch gives \(wanted)"
            }
            let tolerance = expectedDType == "float64" ? 1e-10 : 1e-5
            let scale = max(1, expected.values.map(abs).max() ?? 0)
            var worst = 0.0, at = 0
            for (i, (a, b)) in zip(values, expected.values).enumerated() {
                let d = abs(a - b)
                if d.isNaN { (worst, at) = (.infinity, i); break }
                if d > worst { (worst, at) = (d, i) }
            }
            guard worst / scale > tolerance else { return nil }
            return "relative error \(worst / scale) > \(tolerance) at flat index \(at): ConvLab \(values[at]), PyTorch \(expected.values[at])"
        }
    }

    /// The first lines where two printouts part.
    static func difference(pytorch: String, convlab: String) -> String {
        let p = pytorch.split(separator: "\n", omittingEmptySubsequences: false)
        let c = convlab.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(p, c).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(p.count, c.count)
        let shown = first..<(first + 3)
        let lines = { (text: [Substring], mark: String) in
            text.indices.filter(shown.contains).map { "  \(mark) \(text[$0])" }.joined(separator: "\n")
        }
        return "stdout differs at line \(first + 1) (- PyTorch, + ConvLab):\n\(lines(p, "-"))\n\(lines(c, "+"))"
    }
}
