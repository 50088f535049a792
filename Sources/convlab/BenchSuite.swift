import ArgumentParser
import ConvEngine
import ConvLabWidgets
import ConvLang
import Foundation
import JupyterKernel
import ConvRender

/// One layer of `convlab bench`'s fixed suite (float32, square images and kernels).
struct BenchCase: Sendable {
    enum Operation: String, Sendable { case conv2d, convTranspose2d = "conv_transpose2d" }

    let name: String
    let operation: Operation
    let n: Int, inChannels: Int, outChannels: Int, size: Int, kernel: Int
    let stride: Int, padding: Int, outputPadding: Int

    /// The suite: DCGAN's generator layers, a U-Net and an FCN upsampling, the articles'
    /// tiny stride-3 example, and two ResNet-style convolutions.
    static let suite: [BenchCase] = [
        BenchCase(name: "dcgan1", operation: .convTranspose2d, n: 16, inChannels: 512, outChannels: 256, size: 4, kernel: 4, stride: 2, padding: 1, outputPadding: 0),
        BenchCase(name: "dcgan2", operation: .convTranspose2d, n: 16, inChannels: 256, outChannels: 128, size: 8, kernel: 4, stride: 2, padding: 1, outputPadding: 0),
        BenchCase(name: "dcgan3", operation: .convTranspose2d, n: 16, inChannels: 128, outChannels: 64, size: 16, kernel: 4, stride: 2, padding: 1, outputPadding: 0),
        BenchCase(name: "dcgan4", operation: .convTranspose2d, n: 16, inChannels: 64, outChannels: 3, size: 32, kernel: 4, stride: 2, padding: 1, outputPadding: 0),
        BenchCase(name: "unet_up", operation: .convTranspose2d, n: 1, inChannels: 64, outChannels: 64, size: 128, kernel: 3, stride: 2, padding: 1, outputPadding: 1),
        BenchCase(name: "fcn_up8", operation: .convTranspose2d, n: 1, inChannels: 21, outChannels: 21, size: 32, kernel: 16, stride: 8, padding: 4, outputPadding: 0),
        BenchCase(name: "article_s3", operation: .convTranspose2d, n: 1, inChannels: 1, outChannels: 1, size: 32, kernel: 3, stride: 3, padding: 2, outputPadding: 0),
        BenchCase(name: "resnet_conv", operation: .conv2d, n: 8, inChannels: 64, outChannels: 64, size: 56, kernel: 3, stride: 1, padding: 1, outputPadding: 0),
        BenchCase(name: "down_conv", operation: .conv2d, n: 8, inChannels: 128, outChannels: 256, size: 28, kernel: 3, stride: 2, padding: 1, outputPadding: 0),
    ]

    /// The output's height (and width).
    var outputSize: Int {
        switch operation {
        case .conv2d: (size + 2 * padding - kernel) / stride + 1
        case .convTranspose2d: (size - 1) * stride - 2 * padding + kernel + outputPadding
        }
    }

    /// The forward's floating-point operations, 2 x multiply-adds; a forward and backward
    /// pass is three times as many (the input's and the weight's gradients each cost a
    /// forward).
    var forwardFlops: Double {
        let taps = Double(n * inChannels * outChannels * kernel * kernel)
        switch operation {
        case .conv2d: return 2 * taps * Double(outputSize * outputSize)
        case .convTranspose2d: return 2 * taps * Double(size * size)
        }
    }

    /// Random input and weight in PyTorch's layouts, from a fixed seed.
    func operands() throws -> (input: Tensor, weight: Tensor) {
        let generator = RandomGenerator(seed: 0)
        let input = try generator.rand([n, inChannels, size, size])
        let weightShape = operation == .conv2d ? [outChannels, inChannels, kernel, kernel] : [inChannels, outChannels, kernel, kernel]
        return (input, try generator.rand(weightShape))
    }

    /// A random bias and output gradient for ``runWithGradients(_:_:bias:gradOutput:)``,
    /// from a fixed seed.
    func gradientOperands() throws -> (bias: Tensor, gradOutput: Tensor) {
        let generator = RandomGenerator(seed: 1)
        return (try generator.rand([outChannels]), try generator.rand([n, outChannels, outputSize, outputSize]))
    }

    /// Runs the layer forward with a bias and then backward for `gradOutput`, computing
    /// the input's, the weight's and the bias's gradients (PyTorch's `y.backward(g)`
    /// when all three require grad).
    func runWithGradients(_ input: Tensor, _ weight: Tensor, bias: Tensor, gradOutput: Tensor) throws -> ConvGradients {
        let transposed = operation == .convTranspose2d
        _ = try transposed
            ? Convolution.transposedConvolution(input, weight: weight, bias: bias, spatialRank: 2,
                                                stride: SpatialParameter([stride]), padding: SpatialParameter([padding]),
                                                outputPadding: SpatialParameter([outputPadding]))
            : Convolution.convolution(input, weight: weight, bias: bias, spatialRank: 2,
                                      stride: SpatialParameter([stride]), padding: .explicit([padding]))
        return try Convolution.backward(gradOutput: gradOutput, input: input, weight: weight, hasBias: true,
                                        spatialRank: 2, stride: SpatialParameter([stride]),
                                        padding: .explicit([padding]), transposed: transposed,
                                        outputPadding: SpatialParameter([outputPadding]))
    }

    /// Runs the layer once, as `F.conv2d` / `F.conv_transpose2d` without bias.
    func run(_ input: Tensor, _ weight: Tensor) throws -> Tensor {
        switch operation {
        case .conv2d:
            try Convolution.convolution(input, weight: weight, spatialRank: 2, stride: SpatialParameter([stride]),
                                        padding: .explicit([padding]))
        case .convTranspose2d:
            try Convolution.transposedConvolution(input, weight: weight, spatialRank: 2, stride: SpatialParameter([stride]),
                                                  padding: SpatialParameter([padding]),
                                                  outputPadding: SpatialParameter([outputPadding]))
        }
    }
}

/// A slider change in `explore`, timed by `convlab bench` beside the layers: the kernel's
/// whole answer to one, from the frontend's `comm_msg` handed to the comms to the
/// panel's new state signed and ready for iopub (issue 18's target: under 30 ms for
/// inputs up to 16x16). Only the socket write is left out.
struct RedrawBenchCase: @unchecked Sendable {
    let name: String
    /// The `explore(...)` call that makes the widgets.
    let code: String
    /// The slider changes the frontend sends in turn (by description), one redraw each.
    let changes: [(slider: String, value: Int)]

    /// conv_transpose2d on a 16x16 input, kernel 3, stride 2: padding and output_padding
    /// moved, the stride moved away and back, and the kernel stepped by the step slider.
    static let suite: [RedrawBenchCase] = [
        RedrawBenchCase(name: "explore slider change 16x16",
                        code: "explore(F.conv_transpose2d, input=16, kernel_size=3, stride=2)",
                        changes: [("padding", 1), ("output pad", 1), ("padding", 0), ("stride", 3), ("stride", 2), ("output pad", 0),
                                  ("step", 100), ("step", 500)]),
    ]

    /// A session with the widgets made, ready for ``run(_:)``.
    final class Session: @unchecked Sendable {
        let comms: CommManager
        let sliders: [String: String]
        let bytes: Locked
        init(_ code: String) throws {
            let signer = Signer(key: "convlab-bench-key")
            let bytes = Locked()
            let opened = Locked()
            comms = CommManager { type, content, metadata, buffers in
                // What the kernel does with every comm message before the socket: the
                // message built, its dicts serialised and signed.
                let message = Message(identities: [], header: Message.header(type: type, session: "bench"), parentHeader: [:],
                                      metadata: metadata, content: content, buffers: buffers)
                let frames = message.serialize(signer: signer)
                bytes.add(frames.reduce(0) { $0 + $1.count })
                if type == "comm_open", let id = content["comm_id"].string, let description = content["data"]["state"]["description"].string {
                    opened.names[description] = id
                }
            }
            let bridge = WidgetBridge()
            bridge.attach(comms: comms, currentRequest: { ["msg_id": "bench"] })
            let interpreter = bridge.makeInterpreter(output: NoOutput(), extensions: TeachingBuiltins.all, engineContext: EngineContext())
            if let error = bridge.runningCell({ interpreter.run(code).error }) { throw ValidationError("\(code): \(error.message)") }
            sliders = opened.names
            self.bytes = bytes
        }
    }

    /// Sends every change in turn; returns the number of changes and the bytes the
    /// kernel produced per change.
    func run(_ session: Session) -> (redraws: Int, bytesPerChange: Int) {
        session.bytes.reset()
        for (slider, value) in changes {
            guard let id = session.sliders[slider] else { continue }
            session.comms.handle(type: "comm_msg", content: ["comm_id": .string(id), "data": ["method": "update", "state": ["value": .int(value)],
                                                                                             "buffer_paths": []]],
                                 metadata: [:], buffers: [])
        }
        return (changes.count, session.bytes.total / changes.count)
    }
}

/// A running total and names, shared with the comms' closure.
final class Locked: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var known: [String: String] = [:]
    func add(_ n: Int) { lock.withLock { count += n } }
    func reset() { lock.withLock { count = 0 } }
    var total: Int { lock.withLock { count } }
    var names: [String: String] {
        get { lock.withLock { known } }
        set { lock.withLock { known = newValue } }
    }
}

/// Output nobody reads.
struct NoOutput: OutputSink {
    func write(_ text: String, to stream: OutputChannel) {}
    func display(_ value: Value) {}
}
