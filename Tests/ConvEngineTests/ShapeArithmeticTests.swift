import Testing
@testable import ConvEngine

@Suite struct ShapeArithmeticTests {
    @Test func convolutionDerivationNamesEveryTerm() {
        // Article 000: 7x7 and 8x8 both give 3 with k=3, s=2; the 8th row is never read.
        let seven = ShapeArithmetic.convolution(ConvDimension(inputSize: 7, kernelSize: 3, stride: 2))
        let eight = ShapeArithmetic.convolution(ConvDimension(inputSize: 8, kernelSize: 3, stride: 2))
        #expect(seven.outputSize == 3 && seven.unusedAtEnd == 0)
        #expect(eight.outputSize == 3 && eight.unusedAtEnd == 1)
        #expect(eight.paddedSize == 8 && eight.kernelSpan == 3 && eight.travel == 5)
        let dilated = ShapeArithmetic.convolution(ConvDimension(inputSize: 10, kernelSize: 3, stride: 1, padding: 1, dilation: 2))
        #expect(dilated.kernelSpan == 5 && dilated.paddedSize == 12 && dilated.outputSize == 8)
        let tooBig = ShapeArithmetic.convolution(ConvDimension(inputSize: 2, kernelSize: 3))
        #expect(tooBig.outputSize == 0)
    }

    @Test(arguments: [
        // (i, k, s, p, d, op, expected output) — the general formula of article 004.
        (32, 3, 3, 2, 1, 0, 92),   // E6: 32 + 31*2 = 94 after zero insertion, 94 - 3 + 1
        (21, 18, 1, 3, 1, 0, 32),  // E7
        (3, 3, 2, 0, 1, 0, 7),     // E8
        (3, 3, 2, 0, 1, 1, 8),     // E8 with output_padding
        (16, 4, 2, 1, 1, 0, 32),   // E15: doubles the size
        (5, 3, 2, 1, 1, 1, 10),    // E17: 'same' upsampling
        (3, 1, 1, 1, 1, 0, 1),     // E5: padding beyond k-1 crops
        (4, 3, 2, 1, 2, 1, 10),
    ])
    func transposedOutputSize(_ c: (Int, Int, Int, Int, Int, Int, Int)) {
        let d = ShapeArithmetic.transposed(ConvDimension(inputSize: c.0, kernelSize: c.1, stride: c.2, padding: c.3,
                                                         dilation: c.4, outputPadding: c.5))
        #expect(d.outputSize == c.6)
        #expect(d.outputSize == (c.0 - 1) * c.2 - 2 * c.3 + c.4 * (c.1 - 1) + c.5 + 1)
        #expect(d.zerosBetween == c.2 - 1)
        #expect(d.dilatedSize == (c.0 - 1) * c.2 + 1)
        #expect(d.effectivePadding == c.4 * (c.1 - 1) - c.3)
    }

    @Test func transposedDerivationOfArticle003() {
        // 3x3 -> 5x5 with k=3, s=2, p=1: zeros make 5x5, padding 1 makes 7x7.
        let d = ShapeArithmetic.transposed(ConvDimension(inputSize: 3, kernelSize: 3, stride: 2, padding: 1))
        #expect(d.dilatedSize == 5 && d.zerosInserted == 2 && d.effectivePadding == 1 && d.paddedSize == 7 && d.outputSize == 5)
        // 2x2 -> 4x4 with k=3, s=1, p=0: p' = k - p - 1 = 2, padded to 6x6.
        let e = ShapeArithmetic.transposed(ConvDimension(inputSize: 2, kernelSize: 3))
        #expect(e.effectivePadding == 2 && e.paddedSize == 6 && e.outputSize == 4 && !e.crops)
        #expect(ShapeArithmetic.transposed(ConvDimension(inputSize: 3, kernelSize: 1, padding: 1)).crops)
    }

    @Test func samePaddingPutsTheExtraZeroAfter() {
        #expect(ShapeArithmetic.samePadding(kernelSize: 5, dilation: 1) == (2, 2))
        #expect(ShapeArithmetic.samePadding(kernelSize: 4, dilation: 1) == (1, 2))
        #expect(ShapeArithmetic.samePadding(kernelSize: 4, dilation: 2) == (3, 3))
    }

    @Test func inputSizesThatMapToAnOutput() {
        #expect(ShapeArithmetic.inputSizes(producing: 3, kernelSize: 3, stride: 2, padding: 0) == 7...8)
        #expect(ShapeArithmetic.inputSizes(producing: 6, kernelSize: 5, stride: 3, padding: 2) == 16...18)
        #expect(ShapeArithmetic.inputSizes(producing: 1, kernelSize: 1, stride: 1, padding: 3) == nil)
        // Every size in the range really maps to the output, and its neighbours do not.
        for (k, s, p, d) in [(3, 2, 1, 1), (4, 3, 0, 2), (5, 1, 2, 1)] {
            let range = ShapeArithmetic.inputSizes(producing: 4, kernelSize: k, stride: s, padding: p, dilation: d)!
            for size in (range.lowerBound - 1)...(range.upperBound + 1) where size >= 1 {
                let o = ShapeArithmetic.convolution(ConvDimension(inputSize: size, kernelSize: k, stride: s, padding: p, dilation: d)).outputSize
                #expect((o == 4) == range.contains(size))
            }
        }
    }

    @Test func transposedInverseRestoresTheInputSize() throws {
        for size in 7...8 {
            let conv = ConvDimension(inputSize: size, kernelSize: 3, stride: 2)
            let inverse = try ShapeArithmetic.transposedInverse(of: conv)
            #expect(inverse.outputPadding == size - 7)
            #expect(inverse.derivation.outputSize == size)
        }
        // E13: conv 16 -> 6 (k5 s3 p2) and back to 16.
        let back = try ShapeArithmetic.transposedInverse(of: ConvDimension(inputSize: 16, kernelSize: 5, stride: 3, padding: 2))
        #expect(back.outputPadding == 0 && back.derivation.outputSize == 16)
        let asymmetric = ConvDimension(inputSize: 6, kernelSize: 4, stride: 1, paddingBefore: 1, paddingAfter: 2, dilation: 1, outputPadding: 0)
        #expect(throws: EngineError.self) { try ShapeArithmetic.transposedInverse(of: asymmetric) }
    }

    @Test func outputPaddingForAWantedSize() throws {
        let op = try ShapeArithmetic.outputPadding(forOutputSize: [8, 8], inputShape: [1, 1, 3, 3], kernelSize: [3, 3],
                                                   stride: [2, 2], padding: [0, 0], dilation: [1, 1])
        #expect(op == [1, 1])
        #expect(try ShapeArithmetic.outputPadding(forOutputSize: [1, 1, 7, 8], inputShape: [1, 1, 3, 3], kernelSize: [3, 3],
                                                  stride: [2, 2], padding: [0, 0], dilation: [1, 1]) == [0, 1])
        let far = #expect(throws: EngineError.self) {
            try ShapeArithmetic.outputPadding(forOutputSize: [9, 9], inputShape: [1, 1, 3, 3], kernelSize: [3, 3],
                                              stride: [2, 2], padding: [0, 0], dilation: [1, 1])
        }
        #expect(far?.message == "requested an output size of [9, 9], but valid sizes range from [7, 7] to [8, 8] (for an input of torch.Size([3, 3]))")
        #expect(far?.pythonType == "ValueError")
        let length = #expect(throws: EngineError.self) {
            try ShapeArithmetic.outputPadding(forOutputSize: [8], inputShape: [1, 1, 3, 3], kernelSize: [3, 3],
                                              stride: [2, 2], padding: [0, 0], dilation: [1, 1])
        }
        #expect(length?.message == "ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got 1)")
    }
}
