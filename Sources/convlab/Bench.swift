import ArgumentParser
import ConvEngine
import Foundation

/// `convlab bench`: times the engine's fast path on a fixed suite of layers and, for
/// reference, a large sgemm through the same BLAS.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time convolutions and transposed convolutions (1-d to 3-d, grouped, dilated, float32 and float64) on a fixed suite of layers, forward and backward (median of the runs after a warm-up), and an explore() slider change.",
        discussion: """
        Each layer is timed in the directions asked for: forward (the layer alone, no bias) \
        and backward (the layer with a bias, then the input's, weight's and bias's gradients, \
        as PyTorch's y.backward(g)); one row per layer and direction. `--json` rows: name, op \
        (conv1d ... conv_transpose3d), direction, dtype, n, c_in, c_out, d/h/w (h alone for \
        1-d, d for 3-d), k, stride, padding, output_padding, dilation, groups, median_ms, \
        gflops (2 x the multiply-adds; a backward row counts three forwards).
        """
    )

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Threads for the compute kernels (default: every active processor).")
    var threads: Int?

    @Option(help: "Only the layers whose name contains this text.")
    var filter: String?

    @Flag(inversion: .prefixedNo, help: "Also time a 2048^3 sgemm through the same BLAS, the peak the layers are compared with.")
    var sgemm = true

    @Option(help: "forward, backward (the forward with a bias, then the input, weight and bias gradients) or both (default).")
    var direction: BenchDirectionChoice?

    @Flag(help: "The backward direction only (the same as --direction backward).")
    var backward = false

    @Option(help: "Timed runs per layer, at least 7 (more are made for layers under 20 ms, up to 0.5 s).")
    var runs = 7

    func validate() throws {
        guard runs >= 7 else { throw ValidationError("--runs must be at least 7") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if backward, let direction, direction != .backward {
            throw ValidationError("--backward contradicts --direction \(direction.rawValue)")
        }
    }

    /// The directions asked for: `--direction`, else backward for `--backward`, else both.
    var directions: [BenchDirection] { (direction ?? (backward ? .backward : .both)).directions }

    func run() throws {
        let context = EngineContext(computeThreads: threads)
        try context.run { try measure(context) }
    }

    /// Times the suite (and sgemm) with `context`'s threads, and prints the report.
    private func measure(_ context: EngineContext) throws {
        let cases = BenchCase.suite.filter { filter == nil || $0.name.contains(filter!) }
        let redrawCases = RedrawBenchCase.suite.filter { filter == nil || $0.name.contains(filter!) }
        guard !cases.isEmpty || !redrawCases.isEmpty else { throw ValidationError("no layer of the suite matches '\(filter!)'") }
        var results: [BenchResult] = []
        for layer in cases {
            let (input, weight) = try layer.operands()
            for direction in directions {
                let median: Double
                switch direction {
                case .forward:
                    median = try Self.medianSeconds(runs: runs) { _ = try layer.run(input, weight) }
                case .backward:
                    let (bias, gradOutput) = try layer.gradientOperands()
                    median = try Self.medianSeconds(runs: runs) {
                        _ = try layer.runWithGradients(input, weight, bias: bias, gradOutput: gradOutput)
                    }
                }
                results.append(BenchResult(layer: layer, direction: direction, medianSeconds: median))
            }
            if !json { FileHandle.standardError.write(Data("\(layer.name) done\n".utf8)) }
        }
        var redraws: [RedrawResult] = []
        for redraw in redrawCases {
            var result = (redraws: 1, bytesPerChange: 0)
            let session = try RedrawBenchCase.Session(redraw.code)
            let median = try Self.medianSeconds(runs: runs) { result = redraw.run(session) }
            redraws.append(RedrawResult(name: redraw.name, secondsPerRedraw: median / Double(result.redraws),
                                        bytesPerChange: result.bytesPerChange))
            if !json { FileHandle.standardError.write(Data("\(redraw.name) done\n".utf8)) }
        }
        let peak = sgemm ? try Self.sgemmGFLOPs() : nil
        let report = BenchReport(threads: context.computeThreads, sgemmGFLOPs: peak, results: results, directions: directions,
                                 redraws: redraws)
        print(json ? report.json : report.table)
    }

    /// The median wall time of `body`, after one warm-up call.
    static func medianSeconds(runs: Int, _ body: () throws -> Void) throws -> Double {
        try body()
        var times: [Double] = []
        let clock = ContinuousClock()
        let budget = Duration.milliseconds(500)
        let started = clock.now
        while times.count < runs || (clock.now - started < budget && times.count < 10_000) {
            let start = clock.now
            try body()
            let elapsed = clock.now - start
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            if times.count >= runs && times.last! > 0.02 { break }
        }
        times.sort()
        return times[times.count / 2]
    }

    /// The GFLOP/s of a 2048 x 2048 x 2048 float32 matrix product (the BLAS peak the
    /// convolutions are measured against).
    static func sgemmGFLOPs() throws -> Double {
        let size = 2048
        let generator = RandomGenerator(seed: 1)
        let a = try generator.rand([size, size]), b = try generator.rand([size, size])
        let seconds = try medianSeconds(runs: 7) { _ = try a.matmul(b) }
        return 2 * Double(size * size * size) / seconds / 1e9
    }
}
