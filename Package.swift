// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ConvLab",
    products: [
        .library(name: "ConvEngine", targets: ["ConvEngine"]),
        .library(name: "ConvLang", targets: ["ConvLang"]),
        .executable(name: "convlab", targets: ["convlab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Tensors, convolution and transposed convolution, shape arithmetic and the
        // teaching formulations. Knows nothing of the language or of Jupyter.
        .target(name: "ConvEngine"),
        // The PyTorch-flavoured language: lexer, parser, evaluator, values, diagnostics.
        .target(name: "ConvLang", dependencies: ["ConvEngine"]),
        // The one executable: `convlab run`, and later `kernel`, `kernelspec`, `bench`.
        .executableTarget(
            name: "convlab",
            dependencies: ["ConvEngine", "ConvLang", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "ConvEngineTests",
            dependencies: ["ConvEngine"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ConvLangTests",
            dependencies: ["ConvLang"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
