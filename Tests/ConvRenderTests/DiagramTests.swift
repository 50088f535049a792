import ConvEngine
import Foundation
import Testing
@testable import ConvLang
@testable import ConvRender

@Suite struct DiagramTests {
    static let galleryNames = ConvArithmeticGallery.entries.map(\.name)

    @Test func theGalleryHasAllFifteenConfigurations() throws {
        #expect(Self.galleryNames.count == 15)
        #expect(Self.galleryNames.filter { $0.hasSuffix("_transposed") }.count == 7)
        // Each transposed entry maps the convolution's output back to its input size.
        for conv in ConvArithmeticGallery.convolutions.prefix(7) {
            let back = try #require(ConvArithmeticGallery.entry(named: conv.name + "_transposed"))
            let plan = try ConvArithmeticGallery.plan(back)
            #expect(plan.outputSpatial == [conv.input, conv.input], "\(back.name)")
        }
        let odd = try #require(ConvArithmeticGallery.entry(named: "padding_strides_odd_transposed"))
        #expect((odd.input, odd.kernel, odd.stride, odd.padding, odd.outputPadding) == (3, 3, 2, 1, 1))
    }

    /// The ASCII pictures, first and last kernel position, through the language.
    @Test(arguments: galleryNames)
    func galleryDiagramMatchesSnapshot(_ name: String) throws {
        let session = RenderSession()
        let first = try session.rich("diagram('\(name)')").plainText
        let last = try session.rich("diagram('\(name)', step=-1)").plainText
        let text = first + "\n\n" + last
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        Snapshot.check(text, named: "diagram_\(name)")
    }

    /// E14: the two conv/transposed pairs of article 003, pictured.
    @Test func articleE14PairsMatchSnapshot() throws {
        let session = RenderSession()
        let pictures = try [
            "diagram(F.conv2d, input=4, kernel_size=3)",
            "diagram(F.conv_transpose2d, input=2, kernel_size=3, step=(1, 2))",
            "diagram(F.conv2d, input=5, kernel_size=3, stride=2, padding=1, step=4)",
            "diagram(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1)",
        ].map { code in "# \(code)\n" + (try session.rich(code).plainText) }
        Snapshot.check(pictures.joined(separator: "\n\n"), named: "diagram_e14")
    }

    @Test func transposedGridHasInsertedZerosAndPadding() throws {
        let text = try RenderSession().rich("diagram(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1)").plainText
        // 3x3 input, 1 zero between neighbours (5x5), padded by 1: 7x7; the kernel at (0, 0).
        #expect(text.contains("""
            [.][.][.] .  .  .  .      @  o  o  o  o
            [.][x][0] x  0  x  .      o  o  o  o  o
            [.][0][0] 0  0  0  .      o  o  o  o  o
             .  x  0  x  0  x  .      o  o  o  o  o
            """))
        #expect(text.contains("0 inserted zero"))
    }

    @Test func dilatedKernelTapsAreApart() throws {
        let text = try RenderSession().rich("diagram(F.conv1d, input=7, kernel_size=3, dilation=2)").plainText
        #expect(text.contains("[x] x [x] x [x] x  x      @  o  o"))
    }

    /// Odena et al.'s checkerboard: kernel 3, stride 2 overlaps 1, 2 or 4 times, the
    /// counts of a transposed convolution of ones with a kernel of ones.
    @Test func overlapCountsAreTheTransposedConvolutionOfOnes() throws {
        let session = RenderSession()
        let value = try session.rich("diagram(F.conv_transpose2d, input=4, kernel_size=3, stride=2, step=(2, 2), overlaps=True)")
        let text = value.plainText
        #expect(text.contains("""
             .  .  .  .  .  .  .  .  .  .  .      1  1  2  1  2  1  2  1  1
             .  . [x][0][x] 0  x  0  x  .  .      2  2 [4] 2  4  2  4  2  2
             .  . [0][0][0] 0  0  0  0  .  .      1  1  2  1  2  1  2  1  1
            """))
        #expect(text.contains("n inputs under the kernel"))
        let svg = try #require(value.bundle["image/svg+xml"])
        #expect(svg.contains("<g class=\"overlaps\""))
        #expect(svg.components(separatedBy: "<text x=").count - 1 >= 81)
        // The same numbers as the engine's transposed convolution of ones.
        let ones = try Tensor(shape: [1, 1, 3, 3], elements: [Float](repeating: 1, count: 9))
        let plan = try ConvPlan.transposed(ones, weight: ones, spatialRank: 2, stride: SpatialParameter([2]),
                                           padding: SpatialParameter([1]), outputPadding: SpatialParameter([1]),
                                           dilation: SpatialParameter([1]))
        let layout = SlidingWindowLayout(plan)
        let summed = try plan.run()
        let counts = (0..<layout.positionCount).map { Float(layout.inputsUnderKernel(at: layout.position($0))) }
        #expect(summed.elements(as: Float.self) == counts)
        // Without overlaps the picture is unchanged.
        #expect(!(try session.rich("diagram(F.conv_transpose2d, input=4, kernel_size=3, stride=2)").plainText.contains("inputs under")))
    }

    @Test func outputPaddingAndCroppingAreDrawn() throws {
        let session = RenderSession()
        let padded = try session.rich("diagram(F.conv_transpose1d, input=3, kernel_size=3, stride=2, padding=1, output_padding=1)").plainText
        #expect(padded.contains("[.][x][0] x  0  x  .  :"))
        #expect(padded.contains(": output_padding"))
        // E5: kernel 1, padding 1 crops one cell from each side of the 3x3 input.
        let cropped = try session.rich("diagram(nn.ConvTranspose2d(1, 1, kernel_size=1, padding=1, bias=False), torch.ones(1, 1, 3, 3))").plainText
        #expect(cropped.contains("over the cropped input\n  (1x1)"))
        #expect(cropped.contains("\n[x]     @\n"))
    }

    @Test func largeGridsAreSummarisedWithin100Columns() throws {
        // E6: 32x32, stride 3, padding 2, kernel 3: a 94x94 grid.
        let text = try RenderSession().rich("diagram(nn.ConvTranspose2d(1, 1, kernel_size=3, padding=2, stride=3, bias=False), torch.ones(1, 1, 32, 32), step=500)").plainText
        #expect(text.contains("too large to draw whole; showing grid"))
        #expect(text.contains("of 94"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 100 })
        #expect(text.contains("step 501 of 8464"))
    }

    /// Every cell of the SVG is classed by kind; the counts follow from the parameters.
    @Test(arguments: ConvArithmeticGallery.entries)
    func gallerySVGHasTheExpectedCells(_ entry: ConvArithmeticGallery.Entry) throws {
        let svg = try #require(try RenderSession().rich("diagram('\(entry.name)')").bundle["image/svg+xml"])
        let census = XMLCensus(svg)
        #expect(census.root == "svg")
        let (i, k, s, p, d, a) = (entry.input, entry.kernel, entry.stride, entry.padding, entry.dilation, entry.outputPadding)
        let output: Int
        var zeros = 0, padding: Int, outputPadding = 0
        if entry.transposed {
            let dilated = (i - 1) * s + 1
            let e = d * (k - 1) - p
            let side = dilated + 2 * e
            output = side + a - d * (k - 1)
            zeros = dilated * dilated - i * i
            padding = side * side - dilated * dilated
            outputPadding = (side + a) * (side + a) - side * side
        } else {
            let side = i + 2 * p
            output = (side - d * (k - 1) - 1) / s + 1
            padding = side * side - i * i
        }
        #expect(census.count(class: "input") == i * i, "\(entry.name)")
        #expect(census.count(class: "zero") == zeros, "\(entry.name)")
        #expect(census.count(class: "padding") == padding, "\(entry.name)")
        #expect(census.count(class: "output-padding") == outputPadding, "\(entry.name)")
        #expect(census.count(class: "output") == output * output, "\(entry.name)")
        #expect(census.count(class: "current") == 1)
        #expect(census.count(class: "kernel") == k * k)
        // A title for the picture and one per cell.
        #expect(census.titles == 1 + census.count(class: "cell"))
        #expect(svg.contains("viewBox=\"0 0 "))
    }

    @Test func animationMovesTheKernelOverEveryOutput() throws {
        let session = RenderSession()
        let animation = try session.rich("animate('padding_strides_transposed')")
        let svg = try #require(animation.bundle["image/svg+xml"])
        let census = XMLCensus(svg)
        #expect(census.elements["script"] == nil)
        #expect(census.elements["animateTransform"] == 2)
        // One fill-in per output cell; 25 frames for a 5x5 output.
        #expect(census.elements["animate"] == 25)
        #expect(census.animationValues.allSatisfy { $0.split(separator: ";").count == 25 })
        #expect(census.animationValues.first?.hasPrefix("0,0;26,0;52,0;78,0;104,0;0,26;") == true)
        let text = animation.plainText
        #expect(text.contains("25 frames"))
        #expect(text.contains("frame 25/25: kernel at output (4, 4)"))
        // Long slides show the first frames and say how many more there are.
        let long = try session.rich("animate(F.conv2d, input=12, kernel_size=3)").plainText
        #expect(long.contains("frame 36/100") && long.contains("... 64 more frames"))
    }

    /// The legend names only the kinds of cell the picture has.
    @Test func legendsNameOnlyWhatIsDrawn() throws {
        let session = RenderSession()
        let transposed = try #require(try session.rich("diagram('padding_strides_transposed')").bundle["image/svg+xml"])
        #expect(transposed.contains(">inserted zero</text>") && transposed.contains(">padding</text>"))
        #expect(!transposed.contains(">output_padding</text>"))
        let plain = try #require(try session.rich("animate('no_padding_strides')").bundle["image/svg+xml"])
        #expect(plain.contains(">input</text>"))
        #expect(!plain.contains(">padding</text>") && !plain.contains(">inserted zero</text>"))
        let text = try session.rich("diagram(F.conv_transpose1d, input=3, kernel_size=3, stride=2, output_padding=1)").plainText
        #expect(text.contains("0 inserted zero   : output_padding"))
    }

    @Test func refusalsAreDiagnostics() throws {
        let session = RenderSession()
        let unknown = try #require(session.failure("diagram('padding_stride')"))
        #expect(unknown.message == "no conv_arithmetic configuration is called 'padding_stride'")
        #expect(unknown.note == "did you mean 'padding_strides'?")
        let step = try #require(session.failure("diagram('no_padding_no_strides', step=4)"))
        #expect(step.message == "step 4 is out of range: there are 4 output positions (0 to 3)")
        #expect(session.failure("diagram('no_padding_no_strides', step=(0, 2))")?.message == "step (0, 2) is outside the output (2, 2)")
        let big = try #require(session.failure("animate(F.conv_transpose2d, input=32, kernel_size=3, stride=3, padding=2)"))
        #expect(big.message.hasPrefix("animate draws grids up to 40 cells a side, and this one is 94x94"))
        // PyTorch's own refusal comes through unchanged.
        #expect(session.failure("diagram(F.conv_transpose2d, input=3, kernel_size=3, stride=2, output_padding=2)")?.message
            .contains("output padding must be smaller than either stride or dilation") == true)
        // An empty output (size 0 where PyTorch runs oneDNN: a 5x5 kernel) has nothing to
        // draw; explain gives the arithmetic alone.
        for command in ["diagram", "animate"] {
            #expect(session.failure("\(command)(F.conv_transpose2d, input=2, kernel_size=5, padding=3)")?.message
                == "\(command)(): the output is empty: nothing to draw")
        }
        let explained = try session.rich("explain(F.conv_transpose2d, input=2, kernel_size=5, padding=3)")
        #expect(explained.plainText.hasPrefix("conv_transpose2d: input [1, 1, 2, 2] -> output [1, 1, 0, 0]"))
        #expect(session.displayed.isEmpty)
    }

    @Test func threeDimensionalConvolutionsGetTheArithmetic() throws {
        let out = try RenderSession().rich("diagram(F.conv_transpose3d, input=4, kernel_size=3, stride=2)")
        #expect(out.plainText.hasPrefix("diagram() draws 1-D and 2-D convolutions"))
        #expect(out.plainText.contains("depth: input 4"))
        #expect(out.bundle["image/svg+xml"] == nil)
    }

    @Test func explainAlsoDisplaysTheDiagram() throws {
        let session = RenderSession()
        _ = try session.rich("explain('padding_strides')")
        guard case .rich(let diagram)? = session.displayed.first else { Issue.record("no diagram displayed"); return }
        #expect(diagram.bundle["image/svg+xml"] != nil)
        #expect(diagram.plainText.hasPrefix("conv2d: input 5x5 -> output 3x3 (kernel 3x3, stride 2, padding 1)"))
    }
}

extension DiagramTests {
    /// A stride of 10**9 made a grid of billions of cells (80 GB asked for); a kernel
    /// of size 0 indexed out of range. Both are refused; explain keeps its arithmetic.
    @Test func hugeGridsAndEmptyKernelsAreRefused() throws {
        let session = RenderSession()
        let huge = session.failure("diagram(F.conv_transpose1d, input=6, kernel_size=2, stride=10**9, padding=1)")
        #expect(huge?.kind == "ValueError")
        #expect(huge?.message.contains("up to \(SlidingWindowLayout.maxAxisSize) cells") == true)
        #expect(session.failure("animate(F.conv2d, input=5, kernel_size=3, padding=10**6)")?.kind == "ValueError")
        let explained = try session.rich("explain(F.conv_transpose1d, input=6, kernel_size=2, stride=10**9)")
        #expect(explained.plainText.contains("5000000002"))
        #expect(session.displayed.isEmpty)
        let empty = session.failure("animate(F.conv_transpose1d, input=6, kernel_size=0, stride=2, output_padding=1)")
        #expect(empty?.message == "kernel size should be greater than zero, but got kernel_height: 1 kernel_width: 0")
    }
}

extension DiagramTests {
    /// An input of size 0 made the transposed layout's range of kept cells run
    /// backwards.
    @Test func emptyInputsAreDrawnWithoutCells() throws {
        let session = RenderSession()
        let result = session.interpreter.run("diagram(F.conv_transpose2d, input=0, kernel_size=3, stride=2, output_padding=1, step=3)")
        #expect(result.error == nil || result.error?.range != nil)
        let crop = session.interpreter.run("diagram(F.conv_transpose1d, input=1, kernel_size=2, padding=5)")
        #expect(crop.error == nil || crop.error?.range != nil)
    }
}
