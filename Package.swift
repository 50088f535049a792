// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ConvLab",
    products: [
        .library(name: "ConvEngine", targets: ["ConvEngine"]),
    ],
    targets: [
        // Tensors, convolution and transposed convolution, shape arithmetic and the
        // teaching formulations. Knows nothing of the language or of Jupyter.
        .target(name: "ConvEngine"),
        .testTarget(
            name: "ConvEngineTests",
            dependencies: ["ConvEngine"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
