import ArgumentParser
import ConvEngine
import Foundation

/// `convlab bench`: times the engine's fast path on a fixed suite of layers and, for
/// reference, a large sgemm through the same BLAS.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time conv2d and conv_transpose2d on a fixed suite of layers (float32, median of the runs after a warm-up), and an explore() slider change."
    )

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Threads for the compute kernels (default: every active processor).")
    var threads: Int?

    @Option(help: "Only the layers whose name contains this text.")
    var filter: String?

    @Flag(inversion: .prefixedNo, help: "Also time a 2048^3 sgemm through the same BLAS, the peak the layers are compared with.")
    var sgemm = true

    @Flag(help: "Time the forward and backward pass (input, weight and bias gradients, with a bias) instead of the forward alone.")
    var backward = false

    @Option(help: "Timed runs per layer, at least 7 (more are made for layers under 20 ms, up to 0.5 s).")
    var runs = 7

    func validate() throws {
        guard runs >= 7 else { throw ValidationError("--runs must be at least 7") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

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
            let median: Double
            if backward {
                let (bias, gradOutput) = try layer.gradientOperands()
                median = try Self.medianSeconds(runs: runs) {
                    _ = try layer.runWithGradients(input, weight, bias: bias, gradOutput: gradOutput)
                }
            } else {
                median = try Self.medianSeconds(runs: runs) { _ = try layer.run(input, weight) }
            }
            results.append(BenchResult(layer: layer, medianSeconds: median, backward: backward))
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
        let report = BenchReport(threads: context.computeThreads, sgemmGFLOPs: peak, results: results, backward: backward,
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

/// One layer's timing.
struct BenchResult {
    let layer: BenchCase
    let medianSeconds: Double
    /// Whether the time is of a forward and backward pass (three times the forward's work).
    var backward = false
    var gflops: Double { (backward ? 3 : 1) * layer.forwardFlops / medianSeconds / 1e9 }
}

/// One `explore` case's timing: the median time of its slider changes, per change.
struct RedrawResult {
    let name: String
    let secondsPerRedraw: Double
    /// The bytes the kernel sends for one change.
    let bytesPerChange: Int
}

/// The results as JSON (`--json`) or as a table for people.
struct BenchReport {
    let threads: Int
    let sgemmGFLOPs: Double?
    let results: [BenchResult]
    var backward = false
    var redraws: [RedrawResult] = []

    var json: String {
        let rows: [[String: Any]] = results.map { r in
            ["name": r.layer.name, "op": r.layer.operation.rawValue, "n": r.layer.n, "c_in": r.layer.inChannels,
             "c_out": r.layer.outChannels, "h": r.layer.size, "w": r.layer.size, "k": r.layer.kernel,
             "stride": r.layer.stride, "padding": r.layer.padding, "output_padding": r.layer.outputPadding,
             "median_ms": r.medianSeconds * 1000, "gflops": r.gflops]
        }
        var object: [String: Any] = ["threads": threads, "results": rows, "backward": backward]
        if !redraws.isEmpty {
            object["redraws"] = redraws.map { ["name": $0.name, "ms_per_change": $0.secondsPerRedraw * 1000, "bytes_per_change": $0.bytesPerChange] as [String: Any] }
        }
        if let sgemmGFLOPs { object["sgemm_gflops"] = sgemmGFLOPs }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    var table: String {
        func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        let pass = backward ? "forward + backward (input, weight, bias gradients)" : "forward"
        var lines = ["convlab bench: \(threads) thread\(threads == 1 ? "" : "s"), float32, \(pass), median of the runs after a warm-up"]
        if !results.isEmpty {
            lines += ["", "name          op                  N  C_in C_out    H   k  s  p op      median   GFLOP/s  of sgemm"]
        }
        for r in results {
            let l = r.layer
            let time = r.medianSeconds < 1e-3 ? String(format: "%.1f us", r.medianSeconds * 1e6) : String(format: "%.2f ms", r.medianSeconds * 1e3)
            lines.append(l.name.padding(toLength: 12, withPad: " ", startingAt: 0) + "  "
                         + l.operation.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
                         + pad("\(l.n)", 4) + pad("\(l.inChannels)", 6) + pad("\(l.outChannels)", 6) + pad("\(l.size)", 5)
                         + pad("\(l.kernel)", 4) + pad("\(l.stride)", 3) + pad("\(l.padding)", 3) + pad("\(l.outputPadding)", 3)
                         + pad(time, 12) + pad(String(format: "%.1f", r.gflops), 10)
                         + pad(sgemmGFLOPs.map { String(format: "%.0f %%", 100 * r.gflops / $0) } ?? "-", 10))
        }
        if !redraws.isEmpty { lines.append("") }
        for r in redraws {
            lines.append(r.name + ": " + String(format: "%.2f ms per change (comm_msg in; sliders, picture, shape and derivation redrawn; messages signed), %.0f KB sent",
                                                r.secondsPerRedraw * 1e3, Double(r.bytesPerChange) / 1024))
        }
        if let sgemmGFLOPs {
            lines.append("")
            lines.append(String(format: "sgemm 2048^3 through the same BLAS: %.1f GFLOP/s", sgemmGFLOPs))
        }
        return lines.joined(separator: "\n")
    }
}
