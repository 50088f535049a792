// swift-tools-version: 6.0
import PackageDescription

// ConvSIMD's hot float32 loops are compiled for Haswell (AVX2 + FMA) on x86-64; ConvEngine
// calls them only after CPUFeatures has found those instructions at run time, so the
// binary still runs, on ConvEngine's own kernels, on an older x86-64 CPU. LLVM's GVN would
// rebuild the kernels' overlapping vector loads (columns c, c+1, c+2) from scalar pieces
// and shuffles; without its memory-dependence forwarding each stays one load.
//
// The compute modules' functions start on a 64-byte line, so a hot loop's place within
// cache lines (and the micro-op cache's windows) is fixed by its own function's code, not
// by the size of everything linked before it: unaligned, an unrelated change moved
// Lowering.im2col from offset 0 to 32 of a line and made it 25 % slower.
#if arch(x86_64)
let lineAlignedFunctions: [String] = ["-Xllvm", "-align-all-functions=6"]
let haswellCode: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell", "-Xllvm", "-enable-gvn-memdep=false"] + lineAlignedFunctions)]
let engineCode: [SwiftSetting] = [.unsafeFlags(lineAlignedFunctions)]
#else
let haswellCode: [SwiftSetting] = []
let engineCode: [SwiftSetting] = []
#endif

let package = Package(
    name: "ConvLab",
    products: [
        .library(name: "ConvEngine", targets: ["ConvEngine"]),
        .library(name: "ConvLang", targets: ["ConvLang"]),
        .library(name: "ConvRender", targets: ["ConvRender"]),
        .executable(name: "convlab", targets: ["convlab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // Tensors, convolution and transposed convolution, shape arithmetic and the
        // teaching formulations. Knows nothing of the language or of Jupyter.
        .target(name: "ConvEngine", dependencies: ["COpenBLAS", "ConvSIMD", "CPUFeatures", "CNumberFormat"], swiftSettings: engineCode),
        // Float32 kernels compiled for AVX2 + FMA (non-generic, nothing inlinable, so none of
        // their code is compiled into another module); run only where CPUFeatures says so.
        .target(name: "ConvSIMD", swiftSettings: haswellCode),
        // Whether the CPU and OS run Haswell code (CPUID and XGETBV), in C.
        .target(name: "CPUFeatures"),
        // The C library's snprintf for one double, callable from Swift without a va_list.
        .target(name: "CNumberFormat"),
        // OpenBLAS's CBLAS (sgemm, dgemm), through its C header.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // The PyTorch-flavoured language: lexer, parser, evaluator, values, diagnostics.
        .target(name: "ConvLang", dependencies: ["ConvEngine"]),
        // Printouts and pictures: reprs, HTML tensors and layers, the conv_arithmetic diagrams.
        .target(name: "ConvRender", dependencies: ["ConvEngine", "ConvLang"]),
        // libzmq, through its C header.
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        // Input history across sessions in IPython's SQLite format (history.sqlite), through
        // GRDB on the system's SQLite (apt libsqlite3-dev). Knows nothing of Jupyter or ConvLab.
        .target(name: "KernelHistory", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // The Jupyter protocol: transport, signing, dispatch. Knows nothing of ConvLab.
        .target(name: "JupyterKernel", dependencies: ["CZeroMQ", "KernelHistory", .product(name: "Crypto", package: "swift-crypto")]),
        // The Jupyter widget message protocol 2.1, kernel side, as ipywidgets 8.1.9: widget
        // models synced over comms. Knows nothing of ConvLab.
        .target(name: "JupyterWidgets", dependencies: ["JupyterKernel"]),
        // ipywidgets in the language: the widget classes, interact, jslink and explore,
        // over the widget layer. The one place that knows both.
        .target(name: "ConvLabWidgets", dependencies: ["ConvEngine", "ConvLang", "ConvRender", "JupyterKernel", "JupyterWidgets"]),
        // The one executable: `convlab run`, `kernel`, `kernelspec install`, `bench`.
        .executableTarget(
            name: "convlab",
            dependencies: ["ConvEngine", "ConvLang", "ConvRender", "JupyterKernel", "JupyterWidgets", "ConvLabWidgets", "KernelHistory", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "ConvEngineTests",
            dependencies: ["ConvEngine"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ConvRenderTests", dependencies: ["ConvRender", "ConvLabWidgets", "JupyterKernel"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel", "KernelHistory"]),
        .testTarget(name: "KernelHistoryTests", dependencies: ["KernelHistory"]),
        .testTarget(
            name: "ConvLabWidgetsTests",
            dependencies: ["ConvLabWidgets", "ConvEngine", "ConvLang", "ConvRender", "JupyterKernel", "JupyterWidgets"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "JupyterWidgetsTests",
            dependencies: ["JupyterWidgets", "JupyterKernel"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ConvLangTests",
            dependencies: ["ConvLang"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
