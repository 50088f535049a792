import Foundation
import Synchronization
import Testing
@testable import JupyterKernel

/// Comms through the dispatcher: frontend- and kernel-opened, messages both ways with
/// buffers, comm_info, shutdown.
@Suite struct KernelCoreCommTests {
    @Test func aCommOpenToAnUnknownTargetIsClosedAsItsChild() throws {
        let kernel = RunningKernel()
        defer { kernel.stop() }
        let (request, reply, published) = kernel.roundTrip("comm_open", ["comm_id": "c1", "target_name": "nobody", "data": [:]])
        #expect(reply == nil)
        #expect(published.types == ["status", "comm_close", "status"])
        #expect(published[1].content == ["comm_id": "c1", "data": [:]])
        #expect(published[1].parentHeader == request.header)
        #expect(kernel.roundTrip("comm_info_request").reply?.content == ["status": "ok", "comms": [:]])
    }

    @Test func aRegisteredTargetGetsTheCommAndItsMessagesWithBuffers() throws {
        let received = Mutex<[String]>([])
        let kernel = RunningKernel { comms in
            comms.registerTarget("echo") { comm, data, _, buffers in
                received.withLock { $0.append("open \(data["x"].int ?? -1) \(buffers.count)") }
                comm.onMessage = { data, _, buffers in
                    received.withLock { $0.append("msg \(data["y"].int ?? -1)") }
                    comm.send(["echoed": data["y"]], buffers: buffers.reversed())
                }
            }
        }
        defer { kernel.stop() }
        _ = kernel.roundTrip("comm_open", ["comm_id": "c2", "target_name": "echo", "data": ["x": 7]], buffers: [Data([1])])
        let (request, reply, published) = kernel.roundTrip("comm_msg", ["comm_id": "c2", "data": ["y": 8]],
                                                          buffers: [Data([1, 2]), Data([3])])
        #expect(reply == nil)
        #expect(received.withLock { $0 } == ["open 7 1", "msg 8"])
        #expect(published.types == ["status", "comm_msg", "status"])
        let echo = published[1]
        #expect(echo.content == ["comm_id": "c2", "data": ["echoed": 8]])
        #expect(echo.buffers == [Data([3]), Data([1, 2])])
        #expect(echo.parentHeader == request.header)
        let info = kernel.roundTrip("comm_info_request").reply
        #expect(info?.content == ["status": "ok", "comms": ["c2": ["target_name": "echo"]]])
        _ = kernel.roundTrip("comm_close", ["comm_id": "c2", "data": [:]])
        #expect(kernel.roundTrip("comm_info_request").reply?.content["comms"] == [:])
    }

    @Test func aCommTheKernelOpensDuringAnExecutionIsItsChild() throws {
        let kernel = RunningKernel(StubInterpreter { _, _, _, comms in
            _ = comms?.open(target: "jupyter.widget", data: ["state": [:]], buffers: [Data([9])])
            return .ok(payload: [], userExpressions: [:])
        })
        defer { kernel.stop() }
        let (request, _, published) = kernel.roundTrip("execute_request", ["code": "open"])
        let open = try #require(published.first { $0.type == "comm_open" })
        #expect(open.parentHeader == request.header)
        #expect(open.content["target_name"] == "jupyter.widget" && open.buffers == [Data([9])])
        let id = try #require(open.content["comm_id"].string)
        #expect(id.count == 32)
        #expect(published.types == ["status", "execute_input", "comm_open", "status"])
    }

    @Test func commInfoFiltersByTargetNameOnShellAndControl() throws {
        let kernel = RunningKernel(StubInterpreter { _, _, _, comms in
            _ = comms?.open(target: "a")
            _ = comms?.open(target: "b")
            return .ok(payload: [], userExpressions: [:])
        })
        defer { kernel.stop() }
        _ = kernel.roundTrip("execute_request", ["code": "open two"])
        for channel in [KernelChannel.shell, .control] {
            let all = try #require(kernel.roundTrip("comm_info_request", on: channel).reply?.content["comms"].object)
            #expect(Set(all.values) == [["target_name": "a"], ["target_name": "b"]])
            let only = try #require(kernel.roundTrip("comm_info_request", ["target_name": "b"], on: channel).reply?.content["comms"].object)
            #expect(only.count == 1 && only.values.first == ["target_name": "b"])
            let none = kernel.roundTrip("comm_info_request", ["target_name": "c"], on: channel).reply?.content["comms"]
            #expect(none == [:])
        }
    }

    @Test func shutdownClosesTheCommsBeforeItsReplyAndStops() throws {
        let closed = Mutex(0)
        let kernel = RunningKernel(StubInterpreter { _, _, _, comms in
            let comm = comms?.open(target: "a")
            comm?.onClose = { _ in closed.withLock { $0 += 1 } }
            return .ok(payload: [], userExpressions: [:])
        })
        _ = kernel.roundTrip("execute_request", ["code": "open"])
        let request = kernel.transport.request("shutdown_request", ["restart": true], on: .control)
        let restart = kernel.waitForExit()
        #expect(restart == true)
        #expect(kernel.interpreter.shutdowns == [true])
        // comm_close goes out, but no handler runs: the interpreter may hold its own locks
        // on the execution thread while control serves the shutdown.
        #expect(closed.withLock { $0 } == 0)
        let sent = kernel.transport.allSent.filter { $0.message.parentHeader == request.header }
        #expect(sent.map { "\($0.channel?.rawValue ?? "iopub") \($0.message.type)" } == [
            "iopub status", "iopub comm_close", "control shutdown_reply", "iopub shutdown_reply", "iopub status",
        ])
        #expect(sent[2].message.content == ["status": "ok", "restart": true])
        #expect(kernel.transport.isStopped)
    }

    @Test func shutdownOnShellIsAnsweredAtOnceBehindARunningCell() throws {
        let gate = DispatchSemaphore(value: 0)
        let kernel = RunningKernel(StubInterpreter { _, _, _, _ in
            gate.wait()
            return .ok(payload: [], userExpressions: [:])
        })
        let running = kernel.transport.request("execute_request", ["code": "block"])
        _ = kernel.transport.waitFor { $0.first { $0.message.parentHeader == running.header } }
        let shutdown = kernel.transport.request("shutdown_request", ["restart": false])
        #expect(kernel.transport.reply(to: shutdown)?.channel == .shell)
        gate.signal()
        #expect(kernel.waitForExit() == false)
    }
}
