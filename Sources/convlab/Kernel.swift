import ArgumentParser
import Foundation
import JupyterKernel

/// `convlab kernel --connection-file F`: serves a Jupyter frontend.
struct Kernel: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the ConvLab Jupyter kernel (started by Jupyter through kernel.json).")

    @Option(name: [.customShort("f"), .long], help: "The connection file Jupyter wrote.")
    var connectionFile: String

    @Option(help: "Log level on stderr: debug, info, warning or error.")
    var logLevel: String = "warning"

    func run() throws {
        let level = KernelLog.Level.allCases.first { "\($0)" == logLevel } ?? .warning
        let info = try ConnectionInfo.load(path: connectionFile)
        let kernel = ConvLabKernel()
        // SIGINT interrupts the running cell; it never ends the kernel.
        signal(SIGINT, SIG_IGN)
        let interrupts = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupts.setEventHandler { kernel.interrupt() }
        interrupts.resume()
        let server = try KernelServer(connection: info, interpreter: kernel, log: KernelLog(level: level))
        _ = try server.run()
        interrupts.cancel()
    }
}
