import ConvLabWidgets
@testable import ConvLang
import ConvRender

/// The words fuzz cells are made of: the language's own builtins, methods and
/// parameter names (read from the library, so new builtins are fuzzed too), and
/// values chosen to reach the edges: sizes of 0, -1 and 2^62, NaN, infinities, long
/// strings, odd Unicode.
enum FuzzVocabulary {
    /// Every builtin a cell can call, with the name to call it by.
    static let callables: [(name: String, builtin: Builtin)] = {
        var out: [(String, Builtin)] = []
        for (name, value) in Library.globals.sorted(by: { $0.key < $1.key }) {
            if case .function(let f) = value { out.append((name, f)) }
        }
        for (prefix, namespace) in modules {
            for (name, value) in namespace.members.sorted(by: { $0.key < $1.key }) {
                if case .function(let f) = value { out.append(("\(prefix).\(name)", f)) }
            }
        }
        for f in TeachingBuiltins.all { out.append((f.name, f)) }
        return out
    }()

    /// The modules a cell can import that the library has, by the name cells call them
    /// by (`nn.init`, `F`, `time`): asked of `Library.module`, so a module added to the
    /// language is fuzzed as soon as it exists.
    static let modules: [(prefix: String, namespace: Namespace)] = {
        let candidates = [("torch", "torch"), ("torch.nn", "nn"), ("torch.nn.functional", "F"), ("torch.nn.init", "nn.init"),
                          ("numpy", "np"), ("math", "math"), ("time", "time"), ("collections", "collections"),
                          ("random", "random"), ("functools", "functools"), ("itertools", "itertools")]
        return candidates.compactMap { path, prefix in
            guard case .module(let namespace)? = try? Library.module(path.split(separator: ".").map(String.init), at: SourceRange(0, 0)) else { return nil }
            return (prefix, namespace)
        }
    }()

    /// The import statements of those modules, under the names `modules` uses.
    static let imports: [String] = modules.map { prefix, namespace in
        prefix == namespace.name ? "import \(prefix)" : prefix.contains(".") ? "import \(namespace.name)" : "import \(namespace.name) as \(prefix)"
    }

    /// Tensor methods with their builtins (for keyword names).
    static let tensorMethods: [(name: String, builtin: Builtin)] =
        TensorMethodBuiltins.methods.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }

    static let layerMethods = ModuleMembers.methods.keys.sorted()
    static let dictMethods = Methods.dict.keys.sorted()
    /// Methods of Python's own types and of modules that tutorials call (whether or not
    /// the language has them yet: a missing one must be refused, not crash).
    static let pythonMethods = ["upper", "lower", "strip", "split", "join", "format", "replace", "startswith", "endswith", "find",
                                "zfill", "center", "ljust", "rjust", "splitlines", "sort", "index", "count", "add", "discard",
                                "union", "intersection", "issubset", "parameters", "named_parameters", "state_dict", "children",
                                "named_children", "modules", "named_modules", "eval", "train", "apply", "forward", "zero_grad",
                                "register_buffer", "add_module", "append", "extend", "__init__", "__repr__", "__class__", "__name__",
                                "__doc__", "__dict__", "running_mean", "running_var", "num_batches_tracked", "negative_slope",
                                "scale_factor", "upscale_factor", "in_features", "out_features", "grad_fn", "args", "__cause__"]
    static let listMethods = Methods.list.keys.sorted()
    static let attributes = ["shape", "dtype", "data", "T", "mT", "ndim", "device", "requires_grad", "grad", "is_leaf",
                             "weight", "bias", "in_channels", "out_channels", "kernel_size", "stride", "padding",
                             "output_padding", "dilation", "groups", "padding_mode", "transposed", "training",
                             "values", "indices", "is_floating_point", "functional", "nn", "pi", "inf"]
    static let variables = ["x", "y", "w", "k", "a", "b", "s", "d", "t", "n", "conv", "up", "X", "K", "inputs", "outputs",
                            "net", "layer", "e", "f", "g", "self", "Net", "rest"]
    static let parameterNames: [String] = Array(Set(callables.flatMap { $0.builtin.parameters.map(\.name) }
        + tensorMethods.flatMap { $0.builtin.parameters.map(\.name) })).sorted()
    /// The names ipywidgets adds (`IntSlider`, `interact`, `jslink`, ...) and the widget
    /// methods and traits cells use.
    static let widgetNames: [String] = WidgetBridge().values.keys.sorted()
        + ["observe", "unobserve", "unobserve_all", "value", "min", "max", "step", "description", "options", "children", "close",
           "get_state", "send", "display", "widgets", "ipywidgets", "names", "change", "new", "old", "owner"]
    static let names: [String] = variables + callables.map(\.name) + tensorMethods.map(\.name) + attributes + pythonMethods + parameterNames
        + widgetNames

    static let keywords = ["and", "or", "not", "in", "is", "None", "True", "False", "import", "from", "as", "pass",
                           "lambda", "if", "else", "for", "while", "def", "class", "return", "del", "with", "yield",
                           "elif", "try", "except", "finally", "raise", "assert", "global", "nonlocal", "break",
                           "continue", "async", "await"]
    static let symbols = ["+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^", "~", "<", ">", "<=", ">=", "==", "!=",
                          "=", "+=", "-=", "*=", "/=", "**=", "//=", "%=", "@=", "(", ")", "[", "]", "{", "}", ",", ":",
                          ".", ";", "?", "??", "...", "->", ":=", "!", "$", "`", "\\", "\\\n", "#", "'", "\"", "'''", "\"\"\"",
                          "@", "<<", ">>", "f'", "f\"{", "{x!r:", "}", "\n    ", "\n\t", ":\n", "\n%", "\n!", "%%"]

    /// Numbers at the edges of what sizes, indices and arithmetic accept.
    static let extremeNumbers = ["0", "-1", "1", "2", "-2", "2**62", "2**63", "-2**63", "2**63 - 1", "10**9", "10**12", "10**18",
                                 "9223372036854775807", "-9223372036854775807 - 1", "9223372036854775808", "0x7fffffffffffffff",
                                 "1e308", "1e309", "-1e309", "1e-320", "float('nan')", "float('inf')", "-float('inf')", "math.inf",
                                 "-0.0", "65536", "65537", "2**31", "-2**31", "2**32", "3.5", "-3.5", "0.5", "1e-9", "True", "False",
                                 "None", "(2**62, 2**62)", "[-1, -1]", "(0, 0)", "(1, -1, 1)", "torch.tensor(9223372036854775807)",
                                 "torch.tensor(float('nan'))", "torch.tensor(-1)", "torch.tensor([2, 2])", "10**9 * 10**9", "-(2**62)"]

    /// Text for string literals: quotes, escapes, Unicode that is not ASCII.
    static let oddText = ["", "a", "same", "valid", "zeros", "reflect", "circular", "replicate", "scatter", "zero_insert",
                          "padding_strides_transposed", "no_padding_no_strides", "dilation", "weight", "bias",
                          "\\n", "\\t", "\\\\", "\\'", "\\\"", "\\0", "\\x41", "\\u00e9", "é", "ß", "日本語", "😀", "👩‍👩‍👧",
                          "e\u{301}", "\u{202E}rtl", "\u{200B}", "\u{FEFF}", "\u{2028}", "\u{FFFD}", "１２", "ﬁ", "İ", "Ω"]

    /// Unicode scalars to scatter through source text.
    static let oddScalars: [String] = ["\0", "\u{1}", "\u{7F}", "\u{80}", "\u{A0}", "é", "e\u{301}", "\u{301}", "😀", "👩‍👩‍👧",
                                       "\u{202E}", "\u{200B}", "\u{FEFF}", "\u{2028}", "\u{2029}", "\u{FFFD}", "１", "α", "λ",
                                       "日", "\u{10FFFF}", "\u{E000}", "\r", "\r\n", "\t", "\u{B}", "\u{C}", "\u{85}", "＿"]
}
