import ArgumentParser
import ConvEngine

/// The `convlab` command: the ConvLab tools behind one executable.
@main
struct ConvLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convlab",
        abstract: "Explore convolution and transposed convolution with PyTorch's exact numbers.",
        // The one version: kernel_info's implementation_version, `convlab --version`, the wheel's.
        version: ConvLabKernel.version,
        subcommands: [Run.self, Kernel.self, Kernelspec.self, Bench.self]
    )

    /// Chooses OpenBLAS's kernels first (a restart when it misread the CPU) and stops its
    /// idle threads (ConvLab calls it on its own), then runs the command.
    static func main() {
        BLASCoreSelection.restartWithCorrectedCoreIfNeeded()
        BLASThreads.runInCallersThread()
        main(nil)
    }
}
