import ArgumentParser
import ConvEngine
import Foundation
import JupyterKernel

/// `convlab kernel --connection-file F`: serves a Jupyter frontend.
struct Kernel: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the ConvLab Jupyter kernel (started by Jupyter through kernel.json).")

    @Option(name: [.customShort("f"), .long], help: "The connection file Jupyter wrote.")
    var connectionFile: String

    @Option(help: "Log level on stderr: debug, info, warning or error.")
    var logLevel: String = "warning"

    @Option(help: "The largest message accepted on any socket, in bytes; larger ones are dropped and logged.")
    var maxMessageBytes: Int = 64 << 20

    @Option(help: "The most output one message carries, in bytes; more is summarised.")
    var maxOutputBytes: Int = OutputCap.defaultBytes

    @Option(help: "The most elements one tensor may hold.")
    var maxElements: Int = EngineLimits.defaultMaxElements

    @Flag(help: "Keep running when the process that started the kernel (JPY_PARENT_PID) dies.")
    var noParentWatch = false

    func validate() throws {
        guard maxMessageBytes > 0, maxOutputBytes > 0, maxElements > 0 else {
            throw ValidationError("the limits must be positive")
        }
    }

    func run() throws {
        let level = KernelLog.Level.allCases.first { "\($0)" == logLevel } ?? .warning
        let info = try ConnectionInfo.load(path: connectionFile)
        let kernel = ConvLabKernel(engineContext: EngineContext(maxElements: maxElements))
        // A frontend that goes away must not kill the kernel through a write to a
        // closed pipe or socket: such writes fail with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        // SIGINT interrupts the running cell; it never ends the kernel.
        signal(SIGINT, SIG_IGN)
        let interrupts = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupts.setEventHandler { kernel.interrupt() }
        interrupts.resume()
        let server = try KernelServer(connection: info, interpreter: kernel, log: KernelLog(level: level))
        server.maxMessageBytes = maxMessageBytes
        server.outputCap = OutputCap(bytes: maxOutputBytes)
        server.watchesParent = !noParentWatch
        _ = try server.run()
        interrupts.cancel()
    }
}
