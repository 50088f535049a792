// The single-thread rate of ConvSIMD's PanelProductAVX2 (the 4 x 24 tile the sub-pixel
// route multiplies with) on one matrix product, in GFLOP/s: A packed once as
// `[rows / 4][depth][4]`, B read through one row pointer per row, a panel of 24 columns
// at a time, as the route reads its shifted copies. Built and run by ../panel_rate.sh,
// next to OpenBLAS's sgemm on the same shapes (sgemm.c).
import Foundation

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
guard arguments.count == 3, arguments[0] % PanelProductAVX2.tileRows == 0 else {
    print("usage: panel_rate ROWS DEPTH COLUMNS (ROWS a multiple of 4)")
    exit(2)
}
let (rows, depth, columns) = (arguments[0], arguments[1], arguments[2])
let a = UnsafeMutablePointer<Float>.allocate(capacity: rows * depth)
a.initialize(repeating: 0.001, count: rows * depth)
let b = UnsafeMutablePointer<Float>.allocate(capacity: depth * columns)
b.initialize(repeating: 0.002, count: depth * columns)
let rowPointers = (0..<depth).map { UnsafePointer(b + $0 * columns) }
let panel = UnsafeMutablePointer<Float>.allocate(capacity: PanelProductAVX2.panelCount(depth: depth))
let result = UnsafeMutablePointer<Float>.allocate(capacity: rows * PanelProductAVX2.panelWidth)
var best = Double.infinity
for _ in 0..<30 {
    let start = DispatchTime.now().uptimeNanoseconds
    rowPointers.withUnsafeBufferPointer { pointers in
        var column = 0
        while column < columns {
            PanelProductAVX2.multiply(rows: pointers.baseAddress!, depth: depth, column: column,
                                      count: min(PanelProductAVX2.panelWidth, columns - column), a: a,
                                      rowBlocks: rows / PanelProductAVX2.tileRows, panel: panel, result: result)
            column += PanelProductAVX2.panelWidth
        }
    }
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    // Reading the product keeps the optimizer from dropping the work.
    precondition(result[0].isFinite, "the product is not finite")
}
print(String(format: "%.1f", 2.0 * Double(rows * depth * columns) / best / 1e9))
