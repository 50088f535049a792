import ConvEngine
import Testing
@testable import ConvLang

/// NumPy arrays in ConvLang, piece by piece: the promotion table, the float digits,
/// memory shared with tensors, dtypes, completion and limits. The end-to-end programs
/// are in ``NumpyFixtureTests``.
@Suite struct ArrayTests {
    @Test func promotionMatchesNumPysPromoteTypes() {
        // np.promote_types(row, column) from NumPy 2.4, in this order of columns.
        let order: [DType] = [.bool, .uint8, .int8, .int16, .int32, .int64, .float16, .float32, .float64]
        let table: [DType: [DType]] = [
            .bool: [.bool, .uint8, .int8, .int16, .int32, .int64, .float16, .float32, .float64],
            .uint8: [.uint8, .uint8, .int16, .int16, .int32, .int64, .float16, .float32, .float64],
            .int8: [.int8, .int16, .int8, .int16, .int32, .int64, .float16, .float32, .float64],
            .int16: [.int16, .int16, .int16, .int16, .int32, .int64, .float32, .float32, .float64],
            .int32: [.int32, .int32, .int32, .int32, .int32, .int64, .float64, .float64, .float64],
            .int64: [.int64, .int64, .int64, .int64, .int64, .int64, .float64, .float64, .float64],
            .float16: [.float16, .float16, .float16, .float32, .float64, .float64, .float16, .float32, .float64],
            .float32: [.float32, .float32, .float32, .float32, .float64, .float64, .float32, .float32, .float64],
            .float64: [.float64, .float64, .float64, .float64, .float64, .float64, .float64, .float64, .float64],
        ]
        for a in order {
            for (b, expected) in zip(order, table[a]!) {
                #expect(NumpyPromotion.promote(a, b) == expected, "\(a) \(b)")
            }
        }
    }

    @Test func floatTextMatchesNumPysFormatFunctions() {
        // np.format_float_positional / np.format_float_scientific of NumPy 2.4 (Swift's Float.pi is
        // rounded down; np.float32(np.pi) to nearest).
        #expect(FloatText.positional(Double(Float(Double.pi)), .float32) == "3.1415927")
        #expect(FloatText.scientific(Double(Float(Double.pi)), .float32) == "3.1415927e+00")
        #expect(FloatText.positional(Double.pi, .float64) == "3.141592653589793")
        #expect(FloatText.positional(Double.pi, .float64, precision: 4) == "3.1416")
        #expect(FloatText.scientific(Double.pi, .float64, precision: 4, expDigits: 3) == "3.1416e+000")
        #expect(FloatText.positional(Double(Float16(3.14159)), .float16, precision: 4, padLeft: 3, padRight: 6) == "  3.14    ")
        // A cut rounds the exact binary value half to even; min_digits extends it.
        #expect(FloatText.positional(0.5, .float64, precision: 0) == "0.")
        #expect(FloatText.positional(2.5, .float64, precision: 0) == "2.")
        #expect(FloatText.positional(0.001953125, .float64, precision: 8) == "0.00195312")
        #expect(FloatText.scientific(1.5, .float64, minDigits: 5) == "1.50000e+00")
        #expect(FloatText.positional(Double(Float(0.1)), .float32, minDigits: 12) == "0.100000001490")
        // str() of scalars: the cutoff to scientific depends on the type.
        #expect(FloatText.scalar(1e10, .float32) == "1e+10")
        #expect(FloatText.scalar(1e10, .float64) == "10000000000.0")
        #expect(FloatText.scalar(1000, .float16) == "1e+03")
        #expect(FloatText.scalar(Double(Float(0.0001)), .float32) == "1e-04")
    }

    @Test func arraysAndTensorsShareOrCopyAsInNumPyAndPyTorch() throws {
        let s = Session()
        try s.run("t = torch.zeros(3)\na = t.numpy()\nb = np.asarray(t)\nc = np.array(t)\nu = torch.from_numpy(a)\nv = torch.tensor(a)")
        func array(_ name: String) -> Tensor? {
            if case .ndarray(let box)? = s.interpreter.globals[name] { return box.tensor }
            return nil
        }
        let t = try #require(s.tensor("t"))
        #expect(array("a")?.sharesStorage(with: t) == true)
        #expect(array("b")?.sharesStorage(with: t) == true)
        #expect(array("c")?.sharesStorage(with: t) == false)
        #expect(s.tensor("u")?.sharesStorage(with: t) == true)
        #expect(s.tensor("v")?.sharesStorage(with: t) == false)
        #expect(try s.run("np.asarray(a) is a, np.array(a) is a") == "(True, False)")
    }

    @Test func dtypesAndScalarTypes() throws {
        let s = Session()
        try s.run("a = np.arange(3, dtype=np.float32)")
        #expect(try s.run("a.dtype == np.float32, a.dtype == 'float32', np.float32 == np.dtype('float32')") == "(True, True, True)")
        #expect(try s.run("np.float32(0.5), np.int64(3), np.True_") == "(np.float32(0.5), np.int64(3), np.True_)")
        #expect(try s.run("str(a.dtype), a.dtype.name, a.dtype.itemsize") == "('float32', 'float32', 4)")
        #expect(try s.run("type(a), type(a.sum()), type(a.dtype)")
            == "(<class 'numpy.ndarray'>, <class 'numpy.float32'>, <class 'numpy.dtypes.Float32DType'>)")
        #expect(s.failure("np.zeros(2, dtype='complex')")?.message == "data type 'complex' not understood")
    }

    @Test func completionHelpAndErrorsKnowArrays() throws {
        let s = Session()
        try s.run("a = np.arange(6)")
        #expect(s.interpreter.complete("a.resh", cursor: 6).matches == ["reshape"])
        #expect(s.interpreter.complete("a.str", cursor: 5).matches == ["strides"])
        try s.run("help(np.array)")
        #expect(s.sink.stdout.hasPrefix("numpy.array(object, dtype=None, copy=True)\n"))
        let typo = s.failure("a.reshap(2, 3)")
        #expect(typo?.kind == "AttributeError" && typo?.note == "did you mean 'reshape'?")
        #expect(s.failure("a[[0, 1]]")?.kind == "NotImplementedError")
    }

    @Test func arraysRespectTheElementCap() {
        for code in ["np.zeros((1000, 1000))", "np.arange(10**9)", "np.linspace(0, 1, 10**9)", "np.ones(1000) + np.ones((1000, 1))",
                     "np.arange(3.0)[None] @ np.ones((3, 100000))"] {
            #expect(Session(maxElements: 1 << 16).failure(code)?.kind == "LimitError", "\(code)")
        }
    }
}
