// swift-tools-version: 6.0
import PackageDescription

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
    ],
    targets: [
        // Tensors, convolution and transposed convolution, shape arithmetic and the
        // teaching formulations. Knows nothing of the language or of Jupyter.
        .target(name: "ConvEngine", dependencies: ["COpenBLAS"]),
        // OpenBLAS's CBLAS (sgemm, dgemm), through its C header.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // The PyTorch-flavoured language: lexer, parser, evaluator, values, diagnostics.
        .target(name: "ConvLang", dependencies: ["ConvEngine"]),
        // Printouts and pictures: reprs, HTML tensors and layers, the conv_arithmetic diagrams.
        .target(name: "ConvRender", dependencies: ["ConvEngine", "ConvLang"]),
        // libzmq, through its C header.
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        // The Jupyter protocol: transport, signing, dispatch. Knows nothing of ConvLab.
        .target(name: "JupyterKernel", dependencies: ["CZeroMQ", .product(name: "Crypto", package: "swift-crypto")]),
        // The Jupyter widget message protocol 2.1, kernel side, as ipywidgets 8.1.9: widget
        // models synced over comms. Knows nothing of ConvLab.
        .target(name: "JupyterWidgets", dependencies: ["JupyterKernel"]),
        // ipywidgets in the language: the widget classes, interact, jslink and explore,
        // over the widget layer. The one place that knows both.
        .target(name: "ConvLabWidgets", dependencies: ["ConvEngine", "ConvLang", "ConvRender", "JupyterKernel", "JupyterWidgets"]),
        // The one executable: `convlab run`, `kernel`, `kernelspec install`, `bench`.
        .executableTarget(
            name: "convlab",
            dependencies: ["ConvEngine", "ConvLang", "ConvRender", "JupyterKernel", "JupyterWidgets", "ConvLabWidgets", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "ConvEngineTests",
            dependencies: ["ConvEngine"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ConvRenderTests", dependencies: ["ConvRender"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel"]),
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
