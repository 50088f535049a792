import Foundation
import ConvEngine

/// One layer's timing in one direction.
struct BenchResult {
    let layer: BenchCase
    let direction: BenchDirection
    let medianSeconds: Double
    /// A backward row counts three forwards (the forward, the input's and the weight's
    /// gradients).
    var gflops: Double { (direction == .backward ? 3 : 1) * layer.forwardFlops / medianSeconds / 1e9 }
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
    var directions: [BenchDirection] = [.forward]
    var redraws: [RedrawResult] = []

    /// `{"threads", "directions", "blas_core", "sgemm_gflops", "results": [row], "redraws"}`
    /// (`blas_core`: the kernels OpenBLAS runs, ``BLASCore/name``); see ``row(_:)``.
    var json: String {
        var object: [String: Any] = ["threads": threads, "results": results.map(Self.row), "directions": directions.map(\.rawValue),
                                     "blas_core": BLASCore.name]
        if !redraws.isEmpty {
            object["redraws"] = redraws.map { ["name": $0.name, "ms_per_change": $0.secondsPerRedraw * 1000, "bytes_per_change": $0.bytesPerChange] as [String: Any] }
        }
        if let sgemmGFLOPs { object["sgemm_gflops"] = sgemmGFLOPs }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// One JSON row: the layer as PyTorch's arguments name it, with the input's spatial
    /// sizes as `h` (1-d), `h`, `w` (2-d) or `d`, `h`, `w` (3-d).
    static func row(_ result: BenchResult) -> [String: Any] {
        let l = result.layer
        var row: [String: Any] = [
            "name": l.name, "op": l.functionName, "direction": result.direction.rawValue, "dtype": l.dtype.rawValue,
            "n": l.n, "c_in": l.inChannels, "c_out": l.outChannels, "k": l.kernel, "stride": l.stride,
            "padding": l.padding, "output_padding": l.outputPadding, "dilation": l.dilation, "groups": l.groups,
            "median_ms": result.medianSeconds * 1000, "gflops": result.gflops,
        ]
        let keys = l.spatialRank == 1 ? ["h"] : Array(["d", "h", "w"].suffix(l.spatialRank))
        for (key, size) in zip(keys, l.inputSize) { row[key] = size }
        return row
    }

    var table: String {
        func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        func left(_ s: String, _ width: Int) -> String { s.padding(toLength: max(width, s.count), withPad: " ", startingAt: 0) }
        let pass = directions.map(\.rawValue).joined(separator: " and ")
            + (directions.contains(.backward) ? " (backward: forward + backward, the input, weight and bias gradients, with a bias)" : "")
        var lines = ["convlab bench: \(threads) thread\(threads == 1 ? "" : "s"), \(pass), median of the runs after a warm-up"]
        if !results.isEmpty {
            lines += ["", left("name", 16) + left("op", 18) + left("dtype", 9) + left("direction", 10)
                      + "   N  C_in C_out  input         k  s  p op dil groups      median   GFLOP/s  of sgemm"]
        }
        for r in results {
            let l = r.layer
            let time = r.medianSeconds < 1e-3 ? String(format: "%.1f us", r.medianSeconds * 1e6) : String(format: "%.2f ms", r.medianSeconds * 1e3)
            // The sgemm peak is float32's: a float64 layer is not compared with it.
            let ofSgemm = l.dtype == .float32 ? sgemmGFLOPs.map { String(format: "%.0f %%", 100 * r.gflops / $0) } : nil
            lines.append(left(l.name, 16) + left(l.functionName, 18) + left(l.dtype.rawValue, 9) + left(r.direction.rawValue, 10)
                         + pad("\(l.n)", 4) + pad("\(l.inChannels)", 6) + pad("\(l.outChannels)", 6) + "  "
                         + left(l.inputSize.map(String.init).joined(separator: "x"), 12)
                         + pad("\(l.kernel)", 3) + pad("\(l.stride)", 3) + pad("\(l.padding)", 3) + pad("\(l.outputPadding)", 3)
                         + pad("\(l.dilation)", 4) + pad("\(l.groups)", 7)
                         + pad(time, 12) + pad(String(format: "%.1f", r.gflops), 10) + pad(ofSgemm ?? "-", 10))
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
