import ConvEngine
import Testing
@testable import ConvLang

/// `F.conv1d` ... `F.conv_transpose3d` called with arguments of the wrong type, number
/// or name, run by PyTorch 2.15 (`scripts/generate_conv_argument_fixtures.py`) and here:
/// the error must be PyTorch's to the character, "invalid combination of arguments"
/// with both signatures for the convolutions, the argument at fault for the transposed
/// ones, and an int list's later element as "failed to unpack the object at pos N".
@Suite struct ConvArgumentFixtureTests {
    static let fixture = ProgramFixture("builtins/conv_arguments")

    @Test func fixtureComesFromPyTorch2_15() {
        Self.fixture.expectRecorded(atLeast: 60)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesPyTorch(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }

    /// The signatures' checks as PyTorch's parser makes them: an int list on its first
    /// element only, a bool no int, a tensor of one integer an int.
    @Test func signaturesCheckAsPyTorchsParser() {
        let conv = FunctionalBuiltins.convolutionSignatures
        let x = Value.tensor(TensorBox(try! Tensor(shape: [1], elements: [Float(1)])))
        #expect(conv[0].accepts(positional: [x, x], keywords: [("stride", .tuple([.int(1), .string("a")]))]))
        #expect(!conv[0].accepts(positional: [x, x], keywords: [("stride", .tuple([.bool(true), .int(1)]))]))
        #expect(!conv[0].accepts(positional: [x, x], keywords: [("groups", .bool(true))]))
        #expect(conv[1].accepts(positional: [x, x, .none, .int(1), .string("same")], keywords: []))
        #expect(!conv[0].accepts(positional: [x, x], keywords: [("foo", .int(1))]))
        #expect(!conv[0].accepts(positional: [x], keywords: []))
        #expect(!conv[0].accepts(positional: [x, x, .none], keywords: [("bias", .none)]))
    }
}
