import Testing
@testable import ConvLang

/// Endless recursion of every kind a user writes ends in Python's RecursionError with
/// CPython's message, on a 512 KiB thread (a Dispatch worker's, where the stack guard
/// stops it before the stack runs out) as on the kernel's 64 MiB execution thread
/// (where Python's limit of 1,000 calls does); and the session goes on.
/// `test_reliability.py::test_endless_recursion_is_a_recursion_error_and_the_kernel_goes_on`
/// runs the same programs through the kernel against the CPython running the test.
@Suite struct EndlessRecursionTests {
    /// Each program. CPython 3.11 raises `RecursionError: maximum recursion depth
    /// exceeded` for every one of them; for some (`__repr__`, `__init__`, the
    /// comprehension) only from some caller depths, the others ending the message with
    /// the name of the C-level check that met the limit first ("while getting the repr of
    /// an object", "while calling a Python object", "in comparison"), which ConvLang has
    /// no counterpart of. The kernel test checks against CPython at several depths.
    static let cases: [(name: String, code: String)] = [
        ("a function", "def f(n):\n    return f(n + 1)\nf(0)"),
        ("mutual recursion", "def a(n):\n    return b(n)\ndef b(n):\n    return a(n)\na(0)"),
        ("__repr__ through repr()", "class R:\n    def __repr__(self):\n        return repr(self)\nrepr(R())"),
        ("__repr__ through print()", "class R:\n    def __repr__(self):\n        return repr(self)\nprint(R())"),
        ("__getattr__", "class G:\n    def __getattr__(self, name):\n        return self.missing\nG().x"),
        ("a property", "class P:\n    @property\n    def v(self):\n        return self.v\nP().v"),
        ("__init__", "class I:\n    def __init__(self):\n        self.child = I()\nI()"),
        ("a comprehension", "def c(n):\n    return [c(n + 1) for _ in range(1)]\nc(0)"),
    ]

    static let stacks = [512 << 10, executionStackBytes]

    @Test(arguments: cases.indices, stacks)
    func endsInRecursionErrorAndTheSessionGoesOn(_ index: Int, stack: Int) {
        let (name, code) = Self.cases[index]
        let (headline, next) = onThread(stack: stack) { () -> (String?, String?) in
            let interpreter = Interpreter(output: RecordingSink())
            _ = interpreter.run("kept = 41")
            let error = interpreter.run(code).error
            return (error?.headline, interpreter.run("kept + 1").value?.reprText)
        }
        #expect(headline == "RecursionError: maximum recursion depth exceeded", "\(name) on \(stack >> 10) KiB")
        #expect(next == "42", "\(name) on \(stack >> 10) KiB")
    }
}
