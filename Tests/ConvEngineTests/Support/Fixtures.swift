import Foundation
import Testing
@testable import ConvEngine

/// Reads the JSON fixtures copied into the test bundle; tests read nothing outside the repository.
enum Fixtures {
    static func json(_ name: String) throws -> [String: Any] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw FixtureError.missing(name)
        }
        let data = try Data(contentsOf: url)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError.malformed(name)
        }
        return object
    }

    /// A `{"shape": [...], "data": [...]}` object as a float32 tensor.
    static func tensor(_ object: Any?) throws -> Tensor? {
        guard let dict = object as? [String: Any] else { return nil }
        guard let shape = dict["shape"] as? [Int], let data = dict["data"] as? [Double] else {
            throw FixtureError.malformed("tensor")
        }
        return try Tensor(shape: shape, elements: data.map { Float($0) })
    }

    /// The `"cases"` array of `Fixtures/<name>.json`; when the file is missing or
    /// unreadable, an issue is recorded and there are no cases.
    static func cases(_ name: String) -> [FixtureJSON] {
        do {
            guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
                throw FixtureError.missing(name)
            }
            let root = try JSONDecoder().decode(FixtureJSON.self, from: Data(contentsOf: url))
            return root["cases"]?.array ?? []
        } catch {
            Issue.record("cannot read \(name).json: \(error)")
            return []
        }
    }

    enum FixtureError: Error { case missing(String), malformed(String) }
}

/// Whether two tensors have the same shape and values within `rtol` and `atol`
/// (|a - b| <= atol + rtol * |b|), and if not, the first place they differ.
func closeness(_ actual: Tensor, _ expected: Tensor, rtol: Double = 1e-4, atol: Double = 1e-4) -> String? {
    guard actual.shape == expected.shape else { return "shape \(actual.shape) != expected \(expected.shape)" }
    let a = actual.doubles, b = expected.doubles
    for i in a.indices where !(abs(a[i] - b[i]) <= atol + rtol * abs(b[i])) {
        return "element \(i): \(a[i]) != expected \(b[i])"
    }
    return nil
}
