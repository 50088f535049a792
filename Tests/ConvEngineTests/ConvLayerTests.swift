import Testing
@testable import ConvEngine

@Suite struct ConvLayerTests {
    func layer(_ kind: ConvLayer.Kind, _ rank: Int, _ inC: Int, _ outC: Int, _ k: SpatialParameter,
               stride: SpatialParameter = 1, padding: ConvPadding = 0, outputPadding: SpatialParameter = 0,
               dilation: SpatialParameter = 1, groups: Int = 1, bias: Bool = true,
               paddingMode: ConvPaddingMode = .zeros, seed: UInt64 = 0) throws(EngineError) -> ConvLayer {
        try ConvLayer(kind: kind, spatialRank: rank, inChannels: inC, outChannels: outC, kernelSize: k, stride: stride,
                      padding: padding, outputPadding: outputPadding, dilation: dilation, groups: groups, bias: bias,
                      paddingMode: paddingMode, generator: RandomGenerator(seed: seed))
    }

    /// The `init_*` cases of rng_cases.json, through the layer: PyTorch's weight layout,
    /// weight drawn before bias, bit for bit.
    @Test func defaultInitialisationMatchesPyTorch() throws {
        let root = try Fixtures.json("rng_cases")
        let cases = (root["cases"] as! [[String: Any]]).filter { ($0["id"] as! String).hasPrefix("init_") }
        #expect(cases.count == 6)
        for c in cases {
            // code: "torch.manual_seed(3); nn.ConvTranspose2d(4, 2, 4)"
            let code = c["code"] as! String
            let seed = UInt64(code.split(separator: "(")[1].split(separator: ")")[0])!
            let call = code.split(separator: "nn.")[1]
            let name = String(call.prefix { $0 != "(" })
            let numbers = call.drop { $0 != "(" }.dropFirst().dropLast().split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces))! }
            let kind: ConvLayer.Kind = name.hasPrefix("ConvTranspose") ? .transposed : .convolution
            let rank = Int(String(name.dropLast()).suffix(1))!
            let made = try layer(kind, rank, numbers[0], numbers[1], SpatialParameter([numbers[2]]), seed: seed)
            #expect(made.className == name)
            let value = c["value"] as! [String: Any]
            let weight = try Fixtures.tensor(value["weight"])!
            let bias = try Fixtures.tensor(value["bias"])!
            #expect(made.weight.shape == weight.shape, "\(code)")
            #expect(made.weight.elements(as: Float.self) == weight.elements(as: Float.self), "\(code)")
            #expect(made.bias?.elements(as: Float.self) == bias.elements(as: Float.self), "\(code)")
        }
    }

    @Test func constructorRefusesWhatPyTorchRefuses() {
        let cases: [(() throws(EngineError) -> ConvLayer, String)] = [
            ({ () throws(EngineError) in try self.layer(.convolution, 2, 3, 4, 3, groups: 2) }, "in_channels must be divisible by groups"),
            ({ () throws(EngineError) in try self.layer(.convolution, 2, 4, 3, 3, groups: 2) }, "out_channels must be divisible by groups"),
            ({ () throws(EngineError) in try self.layer(.convolution, 2, 4, 4, 3, groups: 0) }, "groups must be a positive integer"),
            ({ () throws(EngineError) in try self.layer(.convolution, 2, 1, 1, 3, stride: 2, padding: .same) }, "padding='same' is not supported for strided convolutions"),
            ({ () throws(EngineError) in try self.layer(.transposed, 2, 1, 1, 3, paddingMode: .reflect) }, "Only \"zeros\" padding mode is supported for ConvTranspose2d"),
        ]
        for (make, message) in cases {
            let error = #expect(throws: EngineError.self) { try make() }
            #expect(error?.message == message)
            #expect(error?.pythonType == "ValueError")
        }
        let padding = #expect(throws: EngineError.self) { try ConvLayer.parsePadding("full") }
        #expect(padding?.message == "Invalid padding string 'full', should be one of {'valid', 'same'}")
        let mode = #expect(throws: EngineError.self) { try ConvLayer.parsePaddingMode("mirror") }
        #expect(mode?.message == "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='mirror'")
    }

    @Test func layersComputeTheArticlesShapes() throws {
        // E1: 'same' keeps 32x32; E7, E8, E13, E15, E17.
        #expect(try layer(.convolution, 2, 3, 3, 5, padding: .same).forward(Tensor.zeros([1, 3, 32, 32])).shape == [1, 3, 32, 32])
        #expect(try layer(.convolution, 2, 1, 1, 18, padding: 3).forward(Tensor.zeros([1, 1, 32, 32])).shape == [1, 1, 21, 21])
        #expect(try layer(.transposed, 2, 1, 1, 18, padding: 3).forward(Tensor.zeros([1, 1, 21, 21])).shape == [1, 1, 32, 32])
        #expect(try layer(.convolution, 2, 1, 1, 3, stride: 2).forward(Tensor.zeros([1, 1, 8, 8])).shape == [1, 1, 3, 3])
        #expect(try layer(.transposed, 2, 1, 1, 3, stride: 2, outputPadding: 1).forward(Tensor.zeros([1, 1, 3, 3])).shape == [1, 1, 8, 8])
        #expect(try layer(.transposed, 2, 16, 16, 4, stride: 2, padding: 1).forward(Tensor.zeros([1, 16, 16, 16])).shape == [1, 16, 32, 32])
        #expect(try layer(.transposed, 2, 1, 1, 3, stride: 2, padding: 1, outputPadding: 1).forward(Tensor.zeros([1, 1, 5, 5])).shape == [1, 1, 10, 10])
        #expect(try layer(.transposed, 2, 1, 1, 3, padding: 2, bias: false).forward(Tensor.zeros([1, 1, 32, 32])).shape == [1, 1, 30, 30])
    }

    @Test func forwardWithOutputSizeChoosesTheOutputPadding() throws {
        let up = try layer(.transposed, 2, 1, 1, 3, stride: 2)
        #expect(try up.forward(Tensor.zeros([1, 1, 3, 3]), outputSize: [8, 8]).shape == [1, 1, 8, 8])
        #expect(try up.forward(Tensor.zeros([1, 1, 3, 3]), outputSize: [1, 1, 7, 8]).shape == [1, 1, 7, 8])
        let error = #expect(throws: EngineError.self) { try up.forward(Tensor.zeros([1, 1, 3, 3]), outputSize: [9, 9]) }
        #expect(error?.pythonType == "ValueError")
    }

    @Test func paddingModePadsBeforeConvolving() throws {
        var reflect = try layer(.convolution, 2, 1, 1, 3, padding: 1, bias: false, paddingMode: .reflect)
        reflect.weight = try Tensor.ones([1, 1, 3, 3])
        let x = try Tensor(shape: [1, 1, 2, 2], elements: [Float](arrayLiteral: 1, 2, 3, 4))
        // Reflect-padded [[4,3,4,3],[2,1,2,1],[4,3,4,3],[2,1,2,1]]; every 3x3 window sums to ...
        let y = try reflect.forward(x)
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.doubles == [27, 24, 21, 18])
    }

    @Test func stateDictRoundTripAndPyTorchsErrors() throws {
        var conv = try layer(.transposed, 2, 1, 1, 3, bias: false)
        #expect(conv.stateDict().map(\.key) == ["weight"])
        let flipped = try conv.weight.flipped([2, 3])
        try conv.loadStateDict([("weight", flipped)])
        #expect(conv.weight == flipped)
        let missing = #expect(throws: EngineError.self) { try conv.loadStateDict([]) }
        #expect(missing?.message == "Error(s) in loading state_dict for ConvTranspose2d:\n\tMissing key(s) in state_dict: \"weight\". ")
        let wrong = #expect(throws: EngineError.self) {
            try conv.loadStateDict([("weight", Tensor.zeros([1, 1, 2, 2])), ("bias", Tensor.zeros([1]))])
        }
        #expect(wrong?.message == "Error(s) in loading state_dict for ConvTranspose2d:\n\tUnexpected key(s) in state_dict: \"bias\". \n\tsize mismatch for weight: copying a param with shape torch.Size([1, 1, 2, 2]) from checkpoint, the shape in current model is torch.Size([1, 1, 3, 3]).")
        #expect(conv.weight == flipped)
        try conv.loadStateDict([("weight", flipped.converted(to: .float64))])
        #expect(conv.weight.dtype == .float32)
    }

    @Test func groupedTransposedLayerHasPyTorchsWeightLayout() throws {
        let up = try layer(.transposed, 2, 4, 6, 3, groups: 2)
        #expect(up.weight.shape == [4, 3, 3, 3])
        #expect(up.bias?.shape == [6])
        let down = try layer(.convolution, 3, 4, 6, [1, 2, 3], groups: 2)
        #expect(down.weight.shape == [6, 2, 1, 2, 3])
    }
}
