import Testing
@testable import ConvEngine

/// F.pad. Expected values for reflect, replicate and circular were computed with
/// NumPy's np.pad (modes reflect, edge and wrap), which agree with PyTorch's.
@Suite struct PadTests {
    static let x1 = try! Tensor.arange(start: .int(1), end: .int(5)).converted(to: .float32).reshaped([1, 4])
    static let x2 = try! Tensor.arange(end: .int(12)).converted(to: .float32).reshaped([1, 3, 4])
    static let x3 = try! Tensor.arange(end: .int(24)).converted(to: .float32).reshaped([1, 1, 2, 3, 4])

    static let numpyCases: [(String, PaddingMode, [Int], [Int], [Double])] = [
        ("x1", .reflect, [2, 1], [1, 7], [3.0, 2.0, 1.0, 2.0, 3.0, 4.0, 3.0]),
        ("x2", .reflect, [1, 2, 2, 1], [1, 6, 7], [9.0, 8.0, 9.0, 10.0, 11.0, 10.0, 9.0, 5.0, 4.0, 5.0, 6.0, 7.0, 6.0, 5.0, 1.0, 0.0, 1.0, 2.0, 3.0, 2.0, 1.0, 5.0, 4.0, 5.0, 6.0, 7.0, 6.0, 5.0, 9.0, 8.0, 9.0, 10.0, 11.0, 10.0, 9.0, 5.0, 4.0, 5.0, 6.0, 7.0, 6.0, 5.0]),
        ("x3", .reflect, [1, 1, 1, 2, 1, 0], [1, 1, 3, 6, 6], [17.0, 16.0, 17.0, 18.0, 19.0, 18.0, 13.0, 12.0, 13.0, 14.0, 15.0, 14.0, 17.0, 16.0, 17.0, 18.0, 19.0, 18.0, 21.0, 20.0, 21.0, 22.0, 23.0, 22.0, 17.0, 16.0, 17.0, 18.0, 19.0, 18.0, 13.0, 12.0, 13.0, 14.0, 15.0, 14.0, 5.0, 4.0, 5.0, 6.0, 7.0, 6.0, 1.0, 0.0, 1.0, 2.0, 3.0, 2.0, 5.0, 4.0, 5.0, 6.0, 7.0, 6.0, 9.0, 8.0, 9.0, 10.0, 11.0, 10.0, 5.0, 4.0, 5.0, 6.0, 7.0, 6.0, 1.0, 0.0, 1.0, 2.0, 3.0, 2.0, 17.0, 16.0, 17.0, 18.0, 19.0, 18.0, 13.0, 12.0, 13.0, 14.0, 15.0, 14.0, 17.0, 16.0, 17.0, 18.0, 19.0, 18.0, 21.0, 20.0, 21.0, 22.0, 23.0, 22.0, 17.0, 16.0, 17.0, 18.0, 19.0, 18.0, 13.0, 12.0, 13.0, 14.0, 15.0, 14.0]),
        ("x1", .replicate, [2, 1], [1, 7], [1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 4.0]),
        ("x2", .replicate, [1, 2, 2, 1], [1, 6, 7], [0.0, 0.0, 1.0, 2.0, 3.0, 3.0, 3.0, 0.0, 0.0, 1.0, 2.0, 3.0, 3.0, 3.0, 0.0, 0.0, 1.0, 2.0, 3.0, 3.0, 3.0, 4.0, 4.0, 5.0, 6.0, 7.0, 7.0, 7.0, 8.0, 8.0, 9.0, 10.0, 11.0, 11.0, 11.0, 8.0, 8.0, 9.0, 10.0, 11.0, 11.0, 11.0]),
        ("x3", .replicate, [1, 1, 1, 2, 1, 0], [1, 1, 3, 6, 6], [0.0, 0.0, 1.0, 2.0, 3.0, 3.0, 0.0, 0.0, 1.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 6.0, 7.0, 7.0, 8.0, 8.0, 9.0, 10.0, 11.0, 11.0, 8.0, 8.0, 9.0, 10.0, 11.0, 11.0, 8.0, 8.0, 9.0, 10.0, 11.0, 11.0, 0.0, 0.0, 1.0, 2.0, 3.0, 3.0, 0.0, 0.0, 1.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 6.0, 7.0, 7.0, 8.0, 8.0, 9.0, 10.0, 11.0, 11.0, 8.0, 8.0, 9.0, 10.0, 11.0, 11.0, 8.0, 8.0, 9.0, 10.0, 11.0, 11.0, 12.0, 12.0, 13.0, 14.0, 15.0, 15.0, 12.0, 12.0, 13.0, 14.0, 15.0, 15.0, 16.0, 16.0, 17.0, 18.0, 19.0, 19.0, 20.0, 20.0, 21.0, 22.0, 23.0, 23.0, 20.0, 20.0, 21.0, 22.0, 23.0, 23.0, 20.0, 20.0, 21.0, 22.0, 23.0, 23.0]),
        ("x1", .circular, [2, 1], [1, 7], [3.0, 4.0, 1.0, 2.0, 3.0, 4.0, 1.0]),
        ("x2", .circular, [1, 2, 2, 1], [1, 6, 7], [7.0, 4.0, 5.0, 6.0, 7.0, 4.0, 5.0, 11.0, 8.0, 9.0, 10.0, 11.0, 8.0, 9.0, 3.0, 0.0, 1.0, 2.0, 3.0, 0.0, 1.0, 7.0, 4.0, 5.0, 6.0, 7.0, 4.0, 5.0, 11.0, 8.0, 9.0, 10.0, 11.0, 8.0, 9.0, 3.0, 0.0, 1.0, 2.0, 3.0, 0.0, 1.0]),
        ("x3", .circular, [1, 1, 1, 2, 1, 0], [1, 1, 3, 6, 6], [23.0, 20.0, 21.0, 22.0, 23.0, 20.0, 15.0, 12.0, 13.0, 14.0, 15.0, 12.0, 19.0, 16.0, 17.0, 18.0, 19.0, 16.0, 23.0, 20.0, 21.0, 22.0, 23.0, 20.0, 15.0, 12.0, 13.0, 14.0, 15.0, 12.0, 19.0, 16.0, 17.0, 18.0, 19.0, 16.0, 11.0, 8.0, 9.0, 10.0, 11.0, 8.0, 3.0, 0.0, 1.0, 2.0, 3.0, 0.0, 7.0, 4.0, 5.0, 6.0, 7.0, 4.0, 11.0, 8.0, 9.0, 10.0, 11.0, 8.0, 3.0, 0.0, 1.0, 2.0, 3.0, 0.0, 7.0, 4.0, 5.0, 6.0, 7.0, 4.0, 23.0, 20.0, 21.0, 22.0, 23.0, 20.0, 15.0, 12.0, 13.0, 14.0, 15.0, 12.0, 19.0, 16.0, 17.0, 18.0, 19.0, 16.0, 23.0, 20.0, 21.0, 22.0, 23.0, 20.0, 15.0, 12.0, 13.0, 14.0, 15.0, 12.0, 19.0, 16.0, 17.0, 18.0, 19.0, 16.0]),
    ]

    @Test(arguments: 0..<numpyCases.count)
    func modesMatchNumPy(_ index: Int) throws {
        let (name, mode, pads, shape, expected) = Self.numpyCases[index]
        let input = ["x1": Self.x1, "x2": Self.x2, "x3": Self.x3][name]!
        let result = try input.padded(pads, mode: mode)
        #expect(result.shape.dimensions == shape, "\(name) \(mode) \(pads)")
        #expect(result.doubles == expected, "\(name) \(mode) \(pads)")
    }

    @Test func reflectOfTheDocumentationExample() throws {
        #expect(try Self.x1.padded([2, 1], mode: .reflect).doubles == [3, 2, 1, 2, 3, 4, 3])
        #expect(try Self.x1.padded([2, 1], mode: .replicate).doubles == [1, 1, 1, 2, 3, 4, 4])
        #expect(try Self.x1.padded([2, 1], mode: .circular).doubles == [3, 4, 1, 2, 3, 4, 1])
    }

    @Test func constantPadsAnyTrailingDimensionsWithAValue() throws {
        let y = try Self.x1.padded([1, 2, 1, 0], value: 9)
        #expect(y.shape == [2, 7])
        #expect(y.doubles == [9, 9, 9, 9, 9, 9, 9, 9, 1, 2, 3, 4, 9, 9])
        #expect(try Self.x1.padded([0, 0, 0, 0]).shape == [1, 4])
        #expect(try Tensor(scalar: .int(1)).padded([]).shape == [])
        // int64 and bool keep their dtype.
        let ints = try Tensor.arange(end: .int(3)).padded([1, 1], value: 7)
        #expect(ints.dtype == .int64 && ints.elements(as: Int64.self) == [7, 0, 1, 2, 7])
    }

    @Test func negativePadsCrop() throws {
        #expect(try Self.x1.padded([-1, -2]).doubles == [2])
        #expect(try Self.x1.padded([-1, 2], value: 0).doubles == [2, 3, 4, 0, 0])
        #expect(try Self.x1.padded([-1, 1], mode: .circular).doubles == [2, 3, 4, 2])  // the right side copies the cropped result
        #expect(try Self.x1.padded([-1, 1], mode: .reflect).doubles == [2, 3, 4, 3])
        #expect(try Self.x1.padded([1, -2], mode: .replicate).doubles == [1, 1, 2])
        let e = #expect(throws: EngineError.self) { try Self.x1.padded([-3, -2]) }
        #expect(e?.message == "The input size 4, plus negative padding -3 and -2 resulted in a negative output size, which is invalid. Check dimension 1 of your input.")
    }

    @Test func refusalsInPyTorchsWords() {
        let cases: [([Int], PaddingMode, Double?, Tensor, String, String)] = [
            ([1], .constant, nil, Self.x1, "Padding length must be divisible by 2", "RuntimeError"),
            ([1, 1, 1, 1, 1, 1], .constant, nil, Self.x1, "Padding length should be less than or equal to two times the input dimension but got padding length 6 and input of dimension 2", "RuntimeError"),
            ([4, 0], .reflect, nil, Self.x1, "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (4, 0) at dimension 1 of input [1, 4]", "RuntimeError"),
            ([0, 0, 3, 0], .reflect, nil, Self.x2, "Argument #6: Padding size should be less than the corresponding input dimension, but got: padding (3, 0) at dimension 1 of input [1, 3, 4]", "RuntimeError"),
            ([5, 0], .circular, nil, Self.x1, "Padding value causes wrapping around more than once.", "RuntimeError"),
            ([1, 1], .reflect, 2, Self.x1, "Padding mode \"reflect\" doesn't take in value argument", "RuntimeError"),
            ([1, 1, 1, 1], .replicate, nil, Self.x1, "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now", "NotImplementedError"),
            ([1, 1], .reflect, nil, Self.x3, "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now", "NotImplementedError"),
        ]
        for (pads, mode, value, input, message, type) in cases {
            let error = #expect(throws: EngineError.self) { try input.padded(pads, mode: mode, value: value) }
            #expect(error?.message == message)
            #expect(error?.pythonType == type)
        }
        let unknown = #expect(throws: EngineError.self) { try PaddingMode(parsing: "mirror") }
        #expect(unknown?.message == "Unrecognised padding mode mirror")
        #expect(unknown?.pythonType == "NotImplementedError")
    }

    @Test func reflectNeedsNonEmptyDimensions() throws {
        let empty = try Tensor.zeros([1, 0, 4])
        let error = #expect(throws: EngineError.self) { try empty.padded([1, 1], mode: .reflect) }
        #expect(error?.message == "Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [1, 0, 4]")
        #expect(try Tensor.zeros([0, 2, 4]).padded([1, 1], mode: .reflect).shape == [0, 2, 6])
    }
}
