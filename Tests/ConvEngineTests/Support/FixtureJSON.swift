import Foundation
@testable import ConvEngine

/// A JSON value as the fixture scripts write it, Sendable so that parameterised
/// tests can carry it. A float with an integral value is written `{"float": 2.0}`
/// (JSON readers parse `2.0` as an integer), and is read back as ``double``.
enum FixtureJSON: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([FixtureJSON])
    case object([String: FixtureJSON])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let i = try? container.decode(Int.self) { self = .int(i) }
        else if let d = try? container.decode(Double.self) { self = .double(d) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([FixtureJSON].self) { self = .array(a) }
        else {
            let object = try container.decode([String: FixtureJSON].self)
            if object.count == 1, case .int(let i)? = object["float"] { self = .double(Double(i)) }
            else if object.count == 1, case .double(let d)? = object["float"] { self = .double(d) }
            else { self = .object(object) }
        }
    }

    subscript(key: String) -> FixtureJSON? {
        if case .object(let o) = self { o[key] } else { nil }
    }

    var isNull: Bool { if case .null = self { true } else { false } }
    var int: Int? { if case .int(let i) = self { i } else { nil } }
    var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    var string: String? { if case .string(let s) = self { s } else { nil } }
    var array: [FixtureJSON]? { if case .array(let a) = self { a } else { nil } }

    /// A number as a double (`"nan"`, `"inf"`, `"-inf"` included).
    var double: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        case .string("nan"): .nan
        case .string("inf"): .infinity
        case .string("-inf"): -.infinity
        default: nil
        }
    }

    /// A Python number as the engine's ``Scalar``.
    var scalar: Scalar? {
        switch self {
        case .bool(let b): .bool(b)
        case .int(let i): .int(Int64(i))
        case .double(let d): .double(d)
        default: nil
        }
    }

    /// An int or a list of ints, as a list.
    var ints: [Int]? {
        if let i = int { return [i] }
        return array?.compactMap(\.int)
    }

    /// `{"shape": [...], "dtype": "float32", "data": [...]}` as a tensor of that dtype.
    var tensor: Tensor? {
        guard let shape = self["shape"]?.ints, let name = self["dtype"]?.string, let dtype = DType(rawValue: name),
              let data = self["data"]?.array else { return nil }
        let storage: TensorStorage = dtype.isFloatingPoint
            ? .converting(data.map { $0.double! }, to: dtype)
            : .converting(data.map { Int64($0.int!) }, to: dtype)
        return try? Tensor(shape: shape, checkedStorage: storage)
    }
}
