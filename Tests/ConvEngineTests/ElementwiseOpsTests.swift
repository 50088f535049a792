import Foundation
import Testing
@testable import ConvEngine

/// sqrt/exp/log/sigmoid, round, clamp, floor division and remainder, maximum/minimum.
@Suite struct ElementwiseOpsTests {
    let ints = try! Tensor(shape: [4], elements: [Int64](arrayLiteral: 7, -7, 7, -7))
    let divisors = try! Tensor(shape: [4], elements: [Int64](arrayLiteral: 2, 2, -2, -2))

    @Test func unaryFunctionsGiveFloatingPoint() throws {
        let x = try Tensor(shape: [3], elements: [Float](arrayLiteral: 4, 2, -1))
        let roots = x.applying(.sqrt).elements(as: Float.self)
        #expect(roots[0] == 2 && roots[1] == Float(2).squareRoot() && roots[2].isNaN)
        let fromInts = try Tensor(shape: [2], elements: [Int64](arrayLiteral: 0, 1)).applying(.exp)
        #expect(fromInts.dtype == .float32 && fromInts.elements(as: Float.self) == [1, expf(1)])
        #expect(try Tensor(shape: [1], elements: [true]).applying(.log).dtype == .float32)
        #expect(try Tensor(shape: [1], elements: [Double(0)]).applying(.sigmoid).elements(as: Double.self) == [0.5])
        #expect(try Tensor(shape: [1], elements: [Float(0)]).applying(.log).doubles == [-.infinity])
    }

    @Test func roundingIsHalfToEven() throws {
        let x = try Tensor(shape: [5], elements: [Float](arrayLiteral: 0.5, 1.5, 2.5, -0.5, 2.6))
        #expect(try x.rounded().doubles == [0, 2, 2, -0.0, 3])
        let d = try Tensor(shape: [3], elements: [Float](arrayLiteral: 1.2345, 2.675, -0.125)).rounded(decimals: 2)
        #expect(d.elements(as: Float.self) == [1.23, 2.68, -0.12])
        #expect(try Tensor(shape: [2], elements: [Float](arrayLiteral: 1234.5, 1350)).rounded(decimals: -2).doubles == [1200, 1400])
        let i = try Tensor(shape: [2], elements: [Int64](arrayLiteral: 1, 2))
        #expect(try i.rounded() == i)
        #expect(#expect(throws: EngineError.self) { try i.rounded(decimals: 1) }?.message == "\"round_cpu\" not implemented for 'Long'")
        #expect(#expect(throws: EngineError.self) { try i.rounded(decimals: 0) }?.message == "\"round_vml_cpu\" not implemented for 'Long'")
    }

    @Test func clampPromotesAndBroadcasts() throws {
        let x = try Tensor(shape: [3], elements: [Float](arrayLiteral: -2, 0.5, 3))
        #expect(try x.clamped(min: .scalar(.int(0)), max: nil).doubles == [0, 0.5, 3])
        #expect(try x.clamped(min: .scalar(.int(2)), max: .scalar(.int(1))).doubles == [1, 1, 1])
        let small = try Tensor(shape: [3], elements: [Int64](arrayLiteral: -2, 0, 3)).clamped(min: .scalar(.double(0.5)), max: nil)
        #expect(small.dtype == .float32 && small.doubles == [0.5, 0.5, 3])
        let column = try Tensor(shape: [2, 1], elements: [Float](arrayLiteral: 1, 5))
        let bounds = try Tensor(shape: [3], elements: [Float](arrayLiteral: 2, 3, 4))
        let clamped = try column.clamped(min: nil, max: .tensor(bounds))
        #expect(clamped.shape == [2, 3] && clamped.doubles == [1, 1, 1, 2, 3, 4])
        #expect(try Tensor(shape: [1], elements: [Float.nan]).clamped(min: .scalar(.int(0)), max: .scalar(.int(1))).doubles[0].isNaN)
        #expect(#expect(throws: EngineError.self) { try x.clamped(min: nil, max: nil) }?.message
            == "torch.clamp: At least one of 'min' or 'max' must not be None")
    }

    @Test func floorDivisionFollowsPython() throws {
        #expect(try Tensor.apply(FloorDivision.quotient, .tensor(ints), .tensor(divisors)).elements(as: Int64.self) == [3, -4, -4, 3])
        #expect(try Tensor.apply(FloorDivision.remainder, .tensor(ints), .tensor(divisors)).elements(as: Int64.self) == [1, 1, -1, -1])
        let floats = try Tensor(shape: [4], elements: [Float](arrayLiteral: 7, -7, 7.5, -7.5))
        #expect(try Tensor.apply(FloorDivision.quotient, .tensor(floats), .scalar(.int(2))).doubles == [3, -4, 3, -4])
        #expect(try Tensor.apply(FloorDivision.remainder, .tensor(floats), .scalar(.int(2))).doubles == [1, 1, 1.5, 0.5])
        let byZero = try Tensor.apply(FloorDivision.quotient, .tensor(floats), .scalar(.double(0))).doubles
        #expect(byZero[0] == .infinity && byZero[1] == -.infinity)
        let extremes = try Tensor(shape: [1], elements: [Int64.min])
        #expect(try Tensor.apply(FloorDivision.quotient, .tensor(extremes), .scalar(.int(-1))).elements(as: Int64.self) == [.min])
        #expect(try Tensor.apply(FloorDivision.quotient, .scalar(.int(7)), .tensor(divisors)).dtype == .int64)
    }

    @Test func floorDivisionRefusals() throws {
        let zero = #expect(throws: EngineError.self) { try Tensor.apply(FloorDivision.remainder, .tensor(ints), .scalar(.int(0))) }
        #expect(zero?.description == "RuntimeError: ZeroDivisionError")
        let bools = try Tensor(shape: [1], elements: [true])
        let both = #expect(throws: EngineError.self) { try Tensor.apply(FloorDivision.quotient, .tensor(bools), .tensor(bools)) }
        #expect(both?.description == "NotImplementedError: \"div_floor_cpu\" not implemented for 'Bool'")
        #expect(try Tensor.apply(FloorDivision.quotient, .tensor(bools), .scalar(.int(2))).dtype == .int64)
    }

    @Test func pairwiseExtremes() throws {
        let a = try Tensor(shape: [3], elements: [Int64](arrayLiteral: 1, 5, 3))
        let b = try Tensor(shape: [3], elements: [4, 2, Float.nan])
        let larger = try Tensor.elementwiseExtreme(.max, a, b)
        #expect(larger.dtype == .float32 && Array(larger.doubles.prefix(2)) == [4, 5] && larger.doubles[2].isNaN)
        let column = try Tensor(shape: [2, 1], elements: [Int64](arrayLiteral: 1, 5))
        #expect(try Tensor.elementwiseExtreme(.min, column, a).elements(as: Int64.self) == [1, 1, 1, 1, 5, 3])
        let t = try Tensor(shape: [2], elements: [true, false]), f = try Tensor(shape: [2], elements: [false, false])
        #expect(try Tensor.elementwiseExtreme(.max, t, f).elements(as: Bool.self) == [true, false])
    }
}
