#if canImport(Glibc)
import Glibc
#endif

/// One signature of a PyTorch native function as its Python argument parser
/// (`torch/csrc/utils/python_arg_parser.cpp`) checks a call against it: the number of
/// arguments, their names, and each argument's type as `FunctionParameter::check` sees
/// it, before any conversion. An int list is checked on its first element only; a later
/// element fails in the conversion (``Call/atenInts(_:)``).
///
/// A function with two or more signatures (`F.conv2d`: int padding or str padding,
/// ``ArgumentParser/aten(overloads:)``) that none accepts is refused with
/// ``invalidCombination(function:signatures:positional:keywords:)``, not with the first
/// argument at fault.
struct ATenSignature: Sendable {
    /// The parameter types the convolutions' signatures use.
    enum ParameterType: Sendable {
        case tensor, optionalTensor, intList, int, string
    }

    struct Parameter: Sendable {
        let name: String
        let type: ParameterType
        let isOptional: Bool
    }

    let parameters: [Parameter]
    /// The signature as PyTorch prints it after "expected one of:", parentheses included.
    let text: String

    /// Whether a call with these arguments parses under the signature
    /// (`FunctionSignature::parse` without raising).
    func accepts(positional: [Value], keywords: [(name: String, value: Value)]) -> Bool {
        guard positional.count <= parameters.count else { return false }
        var given: [Value?] = positional.map { $0 } + Array(repeating: nil, count: parameters.count - positional.count)
        for keyword in keywords {
            guard let index = parameters.firstIndex(where: { $0.name == keyword.name }), given[index] == nil else { return false }
            given[index] = keyword.value
        }
        for (parameter, value) in zip(parameters, given) {
            guard let value else {
                if parameter.isOptional { continue } else { return false }
            }
            if !Self.check(value, parameter.type) { return false }
        }
        return true
    }

    /// `FunctionParameter::check` for `type`.
    private static func check(_ value: Value, _ type: ParameterType) -> Bool {
        switch type {
        case .tensor: if case .tensor = value { true } else { false }
        case .optionalTensor: if case .none = value { true } else { check(value, .tensor) }
        case .int: isInt(value)
        case .string: if case .string = value { true } else { false }
        case .intList:
            switch value {
            case .tuple(let items): items.first.map(isInt) ?? true
            case .list(let list): list.items.first.map(isInt) ?? true
            case .size: true
            default: isInt(value)
            }
        }
    }

    /// An int as PyTorch's parser takes one: a Python int (not a bool), or a tensor of
    /// one integer element.
    static func isInt(_ value: Value) -> Bool {
        switch value {
        case .int: true
        case .tensor(let box): box.tensor.count == 1 && box.tensor.dtype.isIntegral
        default: false
        }
    }

    /// PyTorch's `format_invalid_args` for a function of several signatures: the
    /// arguments' types (positional ones, then keywords as `name=type` in the order its
    /// `std::unordered_map` holds them, which for a few keywords is the reverse of the
    /// call's), then each signature, and for one of as many parameters as arguments why
    /// it did not match, a mismatched argument between `!` marks (or in red on a
    /// terminal).
    static func invalidCombination(
        function: String, signatures: [ATenSignature], positional: [Value], keywords: [(name: String, value: Value)]
    ) -> String {
        let keywords = Array(keywords.reversed())
        var message = "\(function)() received an invalid combination of arguments - got "
        var described = positional.map(\.cTypeName).map { $0 + ", " }.joined()
        described += keywords.map { "\($0.name)=\($0.value.cTypeName), " }.joined()
        if !positional.isEmpty { described.removeLast(2) }
        message += "(\(described)), but expected one of:\n"
        for signature in signatures {
            message += " * \(signature.text)\n"
            let printed = PrintedSignature(signature.text)
            guard positional.count + keywords.count == printed.arguments.count else { continue }
            // `_tryMatchKwargs`: a keyword must name one of the last parameters, as the
            // printed signature spells their names (`int groups = 1` reads as `1`).
            let start = max(0, printed.arguments.count - keywords.count)
            let names = printed.arguments[start...].map(\.name)
            let unmatched = keywords.map(\.name).filter { !names.contains($0) }
            if !unmatched.isEmpty {
                message += "      didn't match because some of the keywords were incorrect: \(unmatched.joined(separator: ", "))\n"
            } else {
                message += "      didn't match because some of the arguments have invalid types: "
                message += printed.describe(positional: positional, keywords: keywords) + "\n"
            }
        }
        return message
    }
}

/// A signature as `invalid_arguments.cpp` reads its printed text back (`_parseOption`):
/// each `type name` split at its last space, so that `Tensor bias = None` has the name
/// `None` and a type no argument matches.
private struct PrintedSignature {
    struct Argument {
        let name: String
        let typeName: String

        /// `SimpleType`/`MultiType::is_matching`: the argument's Python type name.
        func matches(_ value: Value) -> Bool {
            switch typeName {
            case "float": ["float", "int"].contains(value.cTypeName)
            case "int": value.cTypeName == "int"
            default: value.cTypeName == typeName
            }
        }
    }

    let arguments: [Argument]

    init(_ text: String) {
        let inner = text.dropFirst().dropLast()
        arguments = inner.split(separator: ", ", omittingEmptySubsequences: false).map { part in
            guard let space = part.lastIndex(of: " ") else { return Argument(name: String(part), typeName: "") }
            return Argument(name: String(part[part.index(after: space)...]), typeName: String(part[..<space]))
        }
    }

    /// `_formattedArgDesc`: each argument's type (a tuple's or list's with its
    /// elements'), a keyword's with its name, mismatched ones marked.
    func describe(positional: [Value], keywords: [(name: String, value: Value)]) -> String {
        let colored = isatty(1) != 0 && isatty(2) != 0
        let (red, resetRed, green, resetGreen) = colored ? ("\u{1B}[31;1m", "\u{1B}[0m", "\u{1B}[32;1m", "\u{1B}[0m") : ("!", "!", "", "")
        // A keyword's value is looked up by the name its position has in the printed text.
        let values = positional.indices.map { positional[$0] } + arguments.indices.dropFirst(positional.count).compactMap { i in
            keywords.first { $0.name == arguments[i].name }?.value
        }
        let positionalCount = positional.count
        var result = "("
        for (i, value) in values.enumerated() {
            let matching = i < arguments.count && arguments[i].matches(value)
            result += matching ? green : red
            if i >= positionalCount { result += arguments[i].name + "=" }
            switch value {
            case .tuple(let items):
                result += "tuple of (" + items.map(\.cTypeName).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
            case .list(let list):
                result += "list of [" + list.items.map(\.cTypeName).joined(separator: ", ") + "]"
            default:
                result += value.cTypeName
            }
            result += matching ? resetGreen : resetRed
            result += ", "
        }
        if positionalCount > 0 { result.removeLast(2) }
        return result + ")"
    }
}

extension Value {
    /// The type's name as PyTorch's C++ reads it (`Py_TYPE(obj)->tp_name`): a type
    /// written in C names its module too (`torch.Size`, `torch.dtype`, `numpy.ndarray`).
    var cTypeName: String {
        switch self {
        case .size, .dtype, .device: "torch." + typeName
        case .ndarray: "numpy." + typeName
        default: typeName
        }
    }
}
