import ArgumentParser
import ConvEngine
import Foundation
import JupyterKernel
import KernelHistory

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

    @OptionGroup var memory: MemoryOption


    @Option(help: ArgumentHelp("The SQLite file that keeps input history across sessions (IPython's format); :memory: keeps none.",
                               discussion: "Default: convlab/history.sqlite in Jupyter's data directory ($JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter)."))
    var historyFile: String?

    @Flag(help: "Keep running when the process that started the kernel (JPY_PARENT_PID) dies.")
    var noParentWatch = false

    /// What a launcher appends to the kernelspec's command (`jupyter run --kernel=convlab
    /// FILE` appends the files it runs itself): logged and ignored, as ipykernel ignores them.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var ignoredArguments: [String] = []

    /// ConvLab's names and limits for the kernel library.
    var configuration: KernelConfiguration {
        KernelConfiguration(name: "convlab",
                            // Deep expressions evaluate recursively: a large stack for the execution thread.
                            executionStackSize: 64 << 20,
                            maxMessageBytes: maxMessageBytes,
                            outputCap: OutputCap(bytes: maxOutputBytes, setting: "convlab kernel --max-output-bytes"),
                            watchesParent: !noParentWatch)
    }

    func validate() throws {
        guard maxMessageBytes > 0, maxOutputBytes > 0, maxElements > 0 else {
            throw ValidationError("the limits must be positive")
        }
    }

    func run() throws {
        let level = KernelLog.Level.allCases.first { "\($0)" == logLevel } ?? .warning
        let log = KernelLog(level: level, prefix: "convlab")
        if !ignoredArguments.isEmpty {
            log.warning("ignoring arguments the kernel does not take: \(ignoredArguments.joined(separator: " "))")
        }
        let info = try ConnectionInfo.load(path: connectionFile)
        let history = HistoryStore.open(path: HistoryLocation.expanding(historyFile ?? HistoryLocation.defaultFile(kernelName: "convlab"))) {
            log.warning($0)
        }
        defer { history.close() }
        let budget = try memory.budget()
        log.notice(memory.describe(budget))
        log.notice("OpenBLAS kernels: \(BLASCore.name)")
        let context = EngineContext(maxElements: maxElements, maxMemory: budget)
        let kernel = ConvLabKernel(engineContext: context, history: StoredHistory(history))
        // A frontend that goes away must not kill the kernel through a write to a
        // closed pipe or socket: such writes fail with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        // SIGINT interrupts the running cell; it never ends the kernel.
        signal(SIGINT, SIG_IGN)
        let interrupts = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupts.setEventHandler { kernel.interrupt() }
        interrupts.resume()
        let server = try KernelServer(connection: info, interpreter: kernel, configuration: configuration, log: log, history: history)
        _ = try server.run()
        interrupts.cancel()
    }
}
