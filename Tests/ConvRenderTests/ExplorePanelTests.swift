import ConvEngine
import Foundation
import Testing
@testable import ConvLang
@testable import ConvRender

/// `explore`'s model and panel against PyTorch: Fixtures/explore/explore.json, written by
/// scripts/generate_explore_fixtures.py.
@Suite struct ExplorePanelTests {
    struct Case: Decodable, CustomStringConvertible {
        struct Failure: Decodable { let type: String; let message: String }
        let op: String
        let input: [Int], kernel_size: [Int], stride: [Int], padding: [Int], dilation: [Int], output_padding: [Int]
        let in_channels: Int, out_channels: Int, groups: Int
        let shape: [Int]?
        let error: Failure?
        var description: String {
            "\(op) input \(input) kernel \(kernel_size) stride \(stride) padding \(padding) dilation \(dilation) output_padding \(output_padding) groups \(groups)"
        }
    }
    struct Cap: Decodable { let stride: Int; let dilation: Int; let max_output_padding: Int }
    struct Fixture: Decodable { let cases: [Case]; let caps: [Cap] }

    static let fixture: Fixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/explore/explore.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static func operation(_ name: String) -> ConvOperation {
        let rank = name.hasSuffix("2d") ? 2 : 1
        return name.hasPrefix("conv_transpose") ? .transposed(spatialRank: rank) : .convolution(spatialRank: rank)
    }

    static func setup(_ c: Case) throws -> ExploreSetup {
        try ExploreSetup(operation: operation(c.op), input: c.input, kernelSize: c.kernel_size, stride: c.stride,
                         padding: c.padding, dilation: c.dilation, outputPadding: c.output_padding,
                         inChannels: c.in_channels, outChannels: c.out_channels, groups: c.groups)
    }

    @Test func theFixtureHasRefusalsOfEveryKind() {
        let messages = Self.fixture.cases.compactMap(\.error?.message)
        #expect(Self.fixture.cases.count >= 50)
        #expect(messages.contains { $0.hasPrefix("output padding must be smaller") })
        #expect(messages.contains { $0.hasSuffix("Output size is too small") })
        #expect(messages.contains { $0.hasSuffix("Kernel size can't be greater than actual input size") })
    }

    /// The panel shows PyTorch's output shape, or its exception and message, for each case.
    @Test(arguments: fixture.cases)
    func panelShowsPyTorchsShapeOrError(_ c: Case) throws {
        let setup = try Self.setup(c)
        let frame = ExplorePanel.render(setup, setup.start, step: 0)
        if let shape = c.shape {
            let line = "torch.Size(\(PythonFormat.list(shape)))"
            #expect(frame.error == nil, "\(c): \(frame.error.map(String.init(describing:)) ?? "")")
            #expect(frame.outputShape == shape)
            #expect(frame.html.contains(line) && frame.text.contains(line))
            #expect(frame.html.contains("<svg"))
            #expect(frame.positionCount == shape.dropFirst(2).reduce(1, *))
        } else {
            let expected = try #require(c.error)
            let error = try #require(frame.error, "\(c) should be refused")
            #expect(error.pythonType == expected.type)
            #expect(error.message == expected.message)
            #expect(frame.html.contains(Markup.escape("\(expected.type): \(expected.message)")))
            #expect(frame.text.hasPrefix("\(expected.type): \(expected.message)"))
            #expect(!frame.html.contains("<svg") && frame.positionCount == 0 && frame.outputShape == nil)
        }
    }

    /// output_padding's cap is the largest value PyTorch accepts for each stride and dilation.
    @Test func outputPaddingCapIsPyTorchs() throws {
        for cap in Self.fixture.caps {
            let setup = try ExploreSetup(operation: .transposed(spatialRank: 2), input: [4], kernelSize: [3],
                                         stride: [cap.stride], dilation: [cap.dilation])
            #expect(setup.outputPaddingCap(setup.start) == [cap.max_output_padding, cap.max_output_padding], "\(cap)")
            let slider = try #require(setup.sliders(setup.start).first { $0.name == "output_padding" })
            #expect(slider.max == cap.max_output_padding)
        }
    }

    @Test func slidersHaveSensibleRangesIncludingTheStart() throws {
        let setup = try ExploreSetup(operation: .transposed(spatialRank: 2), input: [3], kernelSize: [3], stride: [2], padding: [1])
        let sliders = setup.sliders(setup.start)
        #expect(sliders.map(\.name) == ["input", "kernel_size", "stride", "padding", "dilation", "output_padding"])
        #expect(sliders.map { [$0.min, $0.max, $0.value] } == [[1, 8, 3], [1, 5, 3], [1, 4, 2], [0, 3, 1], [1, 3, 1], [0, 1, 0]])
        let big = try ExploreSetup(operation: .convolution(spatialRank: 1), input: [12], kernelSize: [7], stride: [5], padding: [4], dilation: [4])
        #expect(big.sliders(big.start).map { [$0.min, $0.max, $0.value] } == [[1, 24, 12], [1, 7, 7], [1, 5, 5], [0, 4, 4], [1, 4, 4]])
        #expect(!big.sliders(big.start).contains { $0.name == "output_padding" })
        // A start below the usual minimum is still on its slider (PyTorch's refusal shows).
        let negative = try ExploreSetup(operation: .convolution(spatialRank: 2), input: [4], kernelSize: [3], padding: [-1])
        let padding = try #require(negative.sliders(negative.start).first { $0.name == "padding" })
        #expect((padding.min, padding.value) == (-1, -1))
        #expect(ExplorePanel.render(negative, negative.start, step: 0).error?.message == "negative padding is not supported")
    }

    @Test func perDimensionSlidersAreNamedByDimension() throws {
        let split = try ExploreSetup(operation: .transposed(spatialRank: 2), input: [3], kernelSize: [3], stride: [2],
                                     perDimension: true)
        #expect(split.sliders(split.start).map(\.name) == [
            "input_h", "input_w", "kernel_size_h", "kernel_size_w", "stride_h", "stride_w", "padding_h", "padding_w",
            "dilation_h", "dilation_w", "output_padding_h", "output_padding_w"])
        var values = split.setting("stride_w", to: 3, in: split.start)
        values = split.setting("output_padding_w", to: 2, in: values)
        #expect(values.stride == [2, 3] && values.outputPadding == [0, 2])
        #expect(split.sliders(values).first { $0.name == "output_padding_h" }?.max == 1)
        #expect(ExplorePanel.render(split, values, step: 0).outputShape == [1, 1, 7, 11])
        // Starting values that differ between dimensions get their own sliders, the rest one.
        let mixed = try ExploreSetup(operation: .convolution(spatialRank: 2), input: [4, 6], kernelSize: [3])
        #expect(mixed.sliders(mixed.start).map(\.name) == ["input_h", "input_w", "kernel_size", "stride", "padding", "dilation"])
        // 1-D: one slider each, whatever is asked.
        let line = try ExploreSetup(operation: .convolution(spatialRank: 1), input: [4], kernelSize: [3], perDimension: true)
        #expect(line.sliders(line.start).map(\.name) == ["input", "kernel_size", "stride", "padding", "dilation"])
    }

    @Test func theCapFollowsStrideAndDilation() throws {
        let setup = try ExploreSetup(operation: .transposed(spatialRank: 2), input: [3], kernelSize: [3], stride: [3],
                                     outputPadding: [2])
        var values = setup.start
        #expect(setup.sliders(values).last?.max == 2)
        values = setup.setting("stride", to: 2, in: values)
        #expect(values.outputPadding == [1, 1])
        #expect(setup.sliders(values).last.map { [$0.max, $0.value] } == [1, 1])
        values = setup.setting("dilation", to: 3, in: values)
        #expect(setup.sliders(values).last?.max == 2 && values.outputPadding == [1, 1])
        values = setup.setting("stride", to: 1, in: setup.setting("dilation", to: 1, in: values))
        #expect(values.outputPadding == [0, 0] && setup.sliders(values).last?.max == 0)
        #expect(ExplorePanel.render(setup, values, step: 0).error == nil)
        #expect(setup.setting("no_such_slider", to: 5, in: values) == values)
    }

    @Test func differentValuesDrawDifferentPictures() throws {
        let setup = try ExploreSetup(operation: .transposed(spatialRank: 2), input: [3], kernelSize: [3], stride: [2], padding: [1])
        let start = ExplorePanel.render(setup, setup.start, step: 0)
        let strided = ExplorePanel.render(setup, setup.setting("stride", to: 3, in: setup.start), step: 0)
        let padded = ExplorePanel.render(setup, setup.setting("padding", to: 0, in: setup.start), step: 0)
        #expect(start.outputShape == [1, 1, 5, 5] && strided.outputShape == [1, 1, 7, 7] && padded.outputShape == [1, 1, 7, 7])
        #expect(Set([start.html, strided.html, padded.html]).count == 3)
        #expect(strided.html.contains("(3-1)*3 - 2*1"))   // the derivation follows the values
    }

    @Test func stepsMoveTheKernel() throws {
        let setup = try ExploreSetup(operation: .convolution(spatialRank: 2), input: [5], kernelSize: [3], stride: [2], padding: [1])
        let frames = (0..<9).map { ExplorePanel.render(setup, setup.start, step: $0) }
        #expect(frames[0].positionCount == 9)
        #expect(Set(frames.map(\.html)).count == 9)
        #expect(frames[4].text.contains("@") && frames[4].text != frames[5].text)
        // Out-of-range steps are brought into range, never a crash.
        #expect(ExplorePanel.render(setup, setup.start, step: 50).step == 8)
        #expect(ExplorePanel.render(setup, setup.start, step: -3).step == 0)
        #expect(ExplorePanel.render(setup, setup.start, step: 50).html == frames[8].html)
    }

    /// Every combination on the sliders of a small setup renders, as a picture, an error
    /// or an empty output (PyTorch's oneDNN route gives one of size 0, a 5x5 kernel here).
    @Test(arguments: ["conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d"])
    func everySliderCombinationRenders(_ op: String) throws {
        let setup = try ExploreSetup(operation: Self.operation(op), input: [2], kernelSize: [2], stride: [2])
        let sliders = setup.sliders(setup.start)
        var count = 0, empty = 0
        for input in [1, 2, 8] { for kernel in [1, 3, 5] { for stride in [1, 4] { for padding in [0, 3] {
            for dilation in [1, 3] { for outputPadding in [0, 3] {
                var values = setup.start
                for (name, v) in [("input", input), ("kernel_size", kernel), ("stride", stride), ("padding", padding),
                                  ("dilation", dilation), ("output_padding", outputPadding)] where sliders.contains(where: { $0.name == name }) {
                    values = setup.setting(name, to: v, in: values)
                }
                let frame = ExplorePanel.render(setup, values, step: count)
                #expect((frame.error == nil) == (frame.outputShape != nil))
                #expect(frame.error != nil || frame.positionCount > 0 || frame.outputShape!.contains(0))
                if frame.outputShape?.contains(0) == true { empty += 1 }
                count += 1
            }}
        }}}}
        #expect((empty > 0) == (op == "conv_transpose2d"), "\(empty) empty outputs")
    }

    /// Large sizes: a cropped picture, or a note where the grid is too long to lay out.
    @Test func largeSizesRenderWithoutCrashing() throws {
        let wide = try ExploreSetup(operation: .transposed(spatialRank: 2), input: [3000], kernelSize: [3], stride: [2])
        let frame = ExplorePanel.render(wide, wide.start, step: 5000)
        #expect(frame.outputShape == [1, 1, 6001, 6001] && frame.html.contains("<svg") && frame.step == 5000)
        let long = try ExploreSetup(operation: .transposed(spatialRank: 1), input: [70000], kernelSize: [3])
        let note = ExplorePanel.render(long, long.start, step: 0)
        #expect(note.outputShape == [1, 1, 70002] && note.positionCount == 0 && !note.html.contains("<svg"))
        #expect(note.text.contains("pictures are drawn for grids up to"))
    }

    @Test func aLayerAndItsInput() throws {
        let layer = try ConvLayer(kind: .transposed, spatialRank: 2, inChannels: 4, outChannels: 6, kernelSize: [2, 3],
                                  stride: 2, padding: 1, generator: RandomGenerator(seed: 0))
        let unbatched = try ExploreSetup(layer: layer, input: try Tensor.zeros([4, 3, 3]))
        #expect(unbatched.batch == nil && (unbatched.inChannels, unbatched.outChannels) == (4, 6))
        #expect(unbatched.sliders(unbatched.start).map(\.name).prefix(3) == ["input", "kernel_size_h", "kernel_size_w"])
        let frame = ExplorePanel.render(unbatched, unbatched.start, step: 0)
        #expect(frame.outputShape == [6, 4, 5] && frame.text.hasPrefix("torch.Size([6, 4, 5])"))
        let batched = try ExploreSetup(layer: layer, input: try Tensor.zeros([2, 4, 3, 3]))
        #expect(ExplorePanel.render(batched, batched.start, step: 0).outputShape == [2, 6, 4, 5])
        // The input's rank is checked as PyTorch checks it.
        #expect(throws: EngineError.self) { try ExploreSetup(layer: layer, input: try Tensor.zeros([3, 3])) }
        let reflect = try ConvLayer(kind: .convolution, spatialRank: 2, inChannels: 1, outChannels: 1, kernelSize: 3,
                                    padding: 1, paddingMode: .reflect, generator: RandomGenerator(seed: 0))
        #expect(throws: EngineError.self) { try ExploreSetup(layer: reflect, input: try Tensor.zeros([1, 1, 4, 4])) }
        let same = try ConvLayer(kind: .convolution, spatialRank: 2, inChannels: 1, outChannels: 1, kernelSize: 4,
                                 padding: .same, generator: RandomGenerator(seed: 0))
        let sameSetup = try ExploreSetup(layer: same, input: try Tensor.zeros([1, 1, 5, 5]))
        #expect(!sameSetup.sliders(sameSetup.start).contains { $0.parameter == .padding })
        #expect(ExplorePanel.render(sameSetup, sameSetup.start, step: 0).outputShape == [1, 1, 5, 5])
        #expect(ExplorePanel.render(sameSetup, sameSetup.setting("stride", to: 2, in: sameSetup.start), step: 0).error?.message
                == "padding='same' is not supported for strided convolutions")
    }

    @Test func threeDimensionsAreRefusedClearly() {
        #expect {
            try ExploreSetup(operation: .transposed(spatialRank: 3), input: [3], kernelSize: [3])
        } throws: { error in
            (error as? EngineError)?.message.hasPrefix("explore() draws 1-D and 2-D convolutions") == true
        }
    }

    /// The `explore(...)` arguments through the language, as the builtin receives them.
    @Test func setupsFromACall() throws {
        let probe = Builtin("explore_probe", "op, input=None, kernel_size=None, stride=1, padding=0, output_padding=0, dilation=1, groups=1, per_dimension=False",
                            summary: "test", example: "") { (call) throws(Diagnostic) in
            let setup = try ExploreSetup(call)
            let frame = ExplorePanel.render(setup, setup.start, step: 0)
            return .string(setup.sliders(setup.start).map { "\($0.name)=\($0.value)" }.joined(separator: " ") + " | " + frame.text.prefix { $0 != "\n" })
        }
        let interpreter = Interpreter(output: RenderSession(), extensions: [probe])
        func run(_ code: String) throws -> String {
            let result = interpreter.run(code)
            if let error = result.error { throw error }
            guard case .string(let s)? = result.value else { return "" }
            return s
        }
        #expect(try run("explore_probe(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1)")
                == "input=3 kernel_size=3 stride=2 padding=1 dilation=1 output_padding=0 | torch.Size([1, 1, 5, 5])")
        #expect(try run("explore_probe(F.conv1d, input=(2, 3, 7), kernel_size=3, stride=2)")
                == "input=7 kernel_size=3 stride=2 padding=0 dilation=1 | torch.Size([2, 3, 3])")
        #expect(try run("explore_probe(nn.Conv2d(2, 4, (3, 1)), torch.zeros(2, 5, 5))")
                == "input=5 kernel_size_h=3 kernel_size_w=1 stride=1 padding=0 dilation=1 | torch.Size([4, 3, 5])")
        #expect(try run("explore_probe('padding_strides_odd_transposed')")
                == "input=3 kernel_size=3 stride=2 padding=1 dilation=1 output_padding=1 | torch.Size([1, 1, 6, 6])")
        #expect(try run("explore_probe(F.conv2d, input=4, kernel_size=2, padding='same')")
                == "input=4 kernel_size=2 stride=1 dilation=1 | torch.Size([1, 1, 4, 4])")
        #expect(try run("explore_probe(F.conv_transpose2d, input=1, kernel_size=1, padding=1)").hasSuffix(
            "| RuntimeError: Given input size per channel: (1 x 1). Calculated output size per channel: (-1 x -1). Output size is too small"))
    }
}
