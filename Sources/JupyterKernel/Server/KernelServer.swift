import Foundation
import KernelHistory

/// A Jupyter kernel over ZeroMQ: a ``ZMQTransport`` bound to a connection file, a
/// ``KernelCore`` dispatching to an interpreter, and a ``ParentWatch`` that ends the
/// kernel when its launcher dies.
///
/// ```swift
/// let server = try KernelServer(connection: try ConnectionInfo.load(path: file), interpreter: MyInterpreter(),
///                               configuration: KernelConfiguration(name: "mykernel"))
/// let restart = try server.run()
/// ```
public final class KernelServer: Sendable {
    /// What a program embedding the kernel decides (``KernelConfiguration``).
    public typealias Configuration = KernelConfiguration
    /// The messaging protocol version in every header.
    public static let protocolVersion = KernelCore.protocolVersion

    /// The dispatcher (its ``KernelCore/comms`` are the kernel's comms).
    public let core: KernelCore
    private let configuration: KernelConfiguration
    private let log: KernelLog

    /// Binds the sockets of `connection`; `history` is where inputs are kept (default:
    /// this session, in memory).
    public init(connection: ConnectionInfo, interpreter: KernelInterpreter, configuration: KernelConfiguration = KernelConfiguration(),
                log: KernelLog = KernelLog(), history: HistoryStore = .inMemory()) throws {
        let transport = try ZMQTransport(connection: connection, name: configuration.name,
                                         maxMessageBytes: configuration.maxMessageBytes, log: log)
        core = KernelCore(interpreter: interpreter, transport: transport, configuration: configuration, log: log, history: history)
        self.configuration = configuration
        self.log = log
    }

    /// Serves until a shutdown request (or the parent's death); returns whether a
    /// restart was asked for. Before returning it stops its threads, closes every
    /// socket and lets libzmq deliver the last replies.
    public func run() throws -> Bool {
        if configuration.watchesParent {
            ParentWatch().start(threadName: "\(configuration.name)-parent-watch") { [core, log] in
                log.warning("the process that started this kernel is gone: shutting down")
                core.stop()
            }
        }
        return try core.run()
    }
}
