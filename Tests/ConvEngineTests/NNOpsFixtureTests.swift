import Foundation
import Testing
@testable import ConvEngine

/// The `torch.nn` engine operations against real PyTorch (Fixtures/nn_ops.json, from
/// scripts/generate_nn_ops_fixtures.py): every result by value, shape and dtype, every
/// refusal by message and Python exception type.
///
/// Tolerances: the operations PyTorch computes with comparisons, copies, sums in a
/// fixed order or its random generator — and those whose arithmetic ConvEngine
/// reproduces operation for operation (interpolation, batch norm) — must match to the
/// bit (NaN matches NaN; the sign of zero counts). `tanh`, `sigmoid` and `elu` use the
/// C library where PyTorch uses SLEEF, and `linear` sums in another order than MKL:
/// they must be within `rtol` 1e-6 (float32) or 1e-12 (float64) of PyTorch, with an
/// absolute floor of the same size for `linear`, whose sums cancel. The normal fills
/// of 16 or more elements (`normal_`, `xavier_normal_`, `kaiming_normal_` and the
/// redrawing `trunc_normal_`) go through PyTorch's vectorised Box–Muller with SLEEF's
/// `log`, `sin` and `cos`, which the engine's `randn` reproduces to a unit in the last
/// place (see RandomGeneratorTests): they must be within the same `rtol` of the
/// largest value.
@Suite struct NNOpsFixtureTests {
    static let cases: [NNOpsCase] = {
        do { return try NNOpsCase.load() } catch {
            Issue.record("cannot read nn_ops.json: \(error)")
            return []
        }
    }()

    /// How a case's tensors are compared.
    enum Comparison {
        /// Bit for bit.
        case exact
        /// Within `rtol * |expected|`, plus `rtol` when `floor`.
        case relative(floor: Bool)
        /// Within `rtol * max|expected|`.
        case scaled
    }

    static func comparison(for c: NNOpsCase) -> Comparison {
        switch c.op {
        case "tanh", "sigmoid", "elu": return .relative(floor: false)
        case "linear": return .relative(floor: true)
        case "init":
            let normal = ["normal_", "xavier_normal_", "kaiming_normal_", "trunc_normal_"].contains(c.arg("fn")?.string ?? "")
            let count = c.arg("shape")?.ints?.reduce(1, *) ?? 0
            return normal && count >= 16 ? .scaled : .exact
        default: return .exact
        }
    }

    @Test func fixtureCoversEveryOperation() {
        #expect(Self.cases.count >= 200)
        #expect(Self.cases.allSatisfy { ($0.expected == nil) != ($0.errorMessage == nil) })
        let ops = Set(Self.cases.map(\.op))
        for op in ["relu", "leaky_relu", "tanh", "sigmoid", "interpolate", "pixel_shuffle", "pixel_unshuffle",
                   "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d", "linear",
                   "unfold", "fold", "batch_norm", "batch_norm_module", "init", "calculate_gain",
                   "fan_in_and_fan_out", "linear_layer_init", "batch_norm_layer_init"] {
            #expect(ops.contains(op), "no case for \(op)")
        }
    }

    @Test(arguments: cases.filter { $0.expected != nil })
    func resultMatchesPyTorch(_ c: NNOpsCase) {
        let result: [String: NNOpsResult]
        do {
            result = try NNOpsRunner.run(c)
        } catch {
            Issue.record("\(c.id): refused with \(error)")
            return
        }
        let expected = c.expected!
        #expect(Set(result.keys) == Set(expected.keys), "\(c.id): outputs \(result.keys.sorted()) != \(expected.keys.sorted())")
        for (name, value) in expected {
            guard let actual = result[name] else { continue }
            if let problem = Self.difference(actual, value, Self.comparison(for: c)) {
                Issue.record("\(c.id).\(name): \(problem)")
            }
        }
    }

    @Test(arguments: cases.filter { $0.errorMessage != nil })
    func refusalMatchesPyTorch(_ c: NNOpsCase) {
        do {
            let result = try NNOpsRunner.run(c)
            Issue.record("\(c.id): expected \(c.errorType!): \(c.errorMessage!), got \(result.keys.sorted())")
        } catch {
            #expect(error.message == c.errorMessage!, "\(c.id)")
            #expect(error.pythonType == c.errorType!, "\(c.id)")
        }
    }

    /// Why `actual` is not `expected`, or `nil` when it is.
    static func difference(_ actual: NNOpsResult, _ expected: FixtureJSON, _ comparison: Comparison) -> String? {
        switch actual {
        case .numbers(let values):
            let wanted = expected.array?.compactMap(\.double) ?? [expected.double!]
            return values == wanted ? nil : "\(values) != \(wanted)"
        case .tensor(let tensor):
            guard let want = expected.tensor else { return "expected is not a tensor" }
            guard tensor.dtype == want.dtype else { return "dtype \(tensor.dtype) != \(want.dtype)" }
            guard tensor.shape == want.shape else { return "shape \(tensor.shape) != \(want.shape)" }
            let (a, b) = (tensor.doubles, want.doubles)
            let rtol = tensor.dtype == .float64 ? 1e-12 : 1e-6
            let largest = b.filter(\.isFinite).map(abs).max() ?? 0
            for i in a.indices {
                if a[i].isNaN && b[i].isNaN { continue }
                let bound: Double
                switch comparison {
                case .exact: bound = 0
                case .relative(let floor): bound = rtol * abs(b[i]) + (floor ? rtol : 0)
                case .scaled: bound = rtol * largest
                }
                if bound == 0 || !tensor.dtype.isFloatingPoint || a[i].isInfinite || b[i].isInfinite {
                    if a[i] != b[i] || a[i].sign != b[i].sign { return "element \(i): \(a[i]) != \(b[i]) (exact)" }
                } else if !(abs(a[i] - b[i]) <= bound) {
                    return "element \(i): \(a[i]) != \(b[i]) beyond \(bound)"
                }
            }
            return nil
        }
    }
}
