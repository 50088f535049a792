/// What one completion names, as Jedi (IPython's completer, whose results ipykernel sends
/// to JupyterLab as `_jupyter_types_experimental`) types it: `function` with its
/// signature, `class`, `module`, `instance` (any other value), `keyword`, or `param`
/// (a keyword argument of the call being typed, `name=`).
public struct CompletionType: Sendable, Hashable {
    /// Jedi's type name.
    public var type: String
    /// A callable's parameters, `(x, factor=2)` (without `self` for a method); empty
    /// for anything else.
    public var signature: String

    public init(type: String, signature: String = "") {
        self.type = type
        self.signature = signature
    }

    static let keyword = CompletionType(type: "keyword")
    static let param = CompletionType(type: "param")
    static let instance = CompletionType(type: "instance")

    /// The type of a value a name or an attribute holds.
    static func of(_ value: Value) -> CompletionType {
        switch value {
        // A layer's or a container's constructor (`nn.Conv2d`, `OrderedDict`) is a class in PyTorch.
        case .function(let builtin) where builtin.name.first?.isUppercase == true: CompletionType(type: "class")
        case .function(let builtin): function(builtin.signatureText)
        case .userFunction(let function): CompletionType(type: "function", signature: "(\(FunctionHelp.parameterList(function)))")
        case .method(let receiver, let name):
            function(MemberRegistry.method(name, of: receiver)?.signatureText)
        case .boundMethod(let bound):
            // The function's signature without its `self`.
            if case .userFunction(let function) = bound.function {
                CompletionType(type: "function", signature: "(\(droppingFirst(FunctionHelp.parameterList(function))))")
            } else {
                of(bound.function)
            }
        case .module: CompletionType(type: "module")
        case .classObject, .exceptionType: CompletionType(type: "class")
        default: .instance
        }
    }

    /// `x, y=1` from `self, x, y=1`.
    private static func droppingFirst(_ parameters: String) -> String {
        guard let comma = parameters.firstIndex(of: ",") else { return "" }
        return String(parameters[parameters.index(after: comma)...].drop { $0 == " " })
    }

    /// A function from `help`'s `name(parameters)`: its parameters only.
    private static func function(_ signatureText: String?) -> CompletionType {
        CompletionType(type: "function", signature: signatureText.flatMap { text in text.firstIndex(of: "(").map { String(text[$0...]) } } ?? "")
    }
}
