import Foundation
import Testing
@testable import JupyterKernel

/// The dispatcher through the in-memory transport, against a stub interpreter.
@Suite struct KernelCoreTests {
    @Test func kernelInfoIsAnsweredBetweenBusyAndIdleWithTheRequestAsParent() throws {
        let kernel = RunningKernel()
        defer { kernel.stop() }
        let (request, reply, published) = kernel.roundTrip("kernel_info_request")
        let answer = try #require(reply)
        #expect(answer.type == "kernel_info_reply")
        #expect(answer.content["status"] == "ok" && answer.content["protocol_version"] == "5.3")
        #expect(answer.content["implementation"] == "stub")
        #expect(answer.parentHeader == request.header && answer.identities == request.identities)
        #expect(published.types == ["status", "status"])
        #expect(published.map { $0.content["execution_state"] } == ["busy", "idle"])
        #expect(kernel.transport.reply(to: request)?.channel == .shell)
    }

    @Test func controlAnswersOnControlAndRefusesExecutions() throws {
        let kernel = RunningKernel()
        defer { kernel.stop() }
        let info = kernel.transport.request("kernel_info_request", on: .control)
        #expect(kernel.transport.reply(to: info)?.channel == .control)
        let execute = kernel.transport.request("execute_request", ["code": "x"], on: .control)
        #expect(kernel.transport.reply(to: execute, timeout: 0.3) == nil)
        #expect(kernel.transport.published(parent: execute, timeout: 0.1) == nil, "no busy/idle for what control does not serve")
    }

    @Test func executeOkPublishesInputAndOutputAndCounts() throws {
        let kernel = RunningKernel()
        defer { kernel.stop() }
        let (_, reply, published) = kernel.roundTrip("execute_request", ["code": "hello"])
        #expect(reply?.content["status"] == "ok" && reply?.content["execution_count"] == 1)
        #expect(published.types == ["status", "execute_input", "stream", "status"])
        #expect(published[2].content["text"] == "hello")
        let second = kernel.roundTrip("execute_request", ["code": "again"]).reply
        #expect(second?.content["execution_count"] == 2)
    }

    @Test func executeErrorRepliesWithTheError() throws {
        let kernel = RunningKernel()
        defer { kernel.stop() }
        let (_, reply, published) = kernel.roundTrip("execute_request", ["code": "fail"])
        #expect(reply?.content["status"] == "error" && reply?.content["ename"] == "ValueError")
        #expect(reply?.content["traceback"] == ["ValueError: failed"])
        #expect(published.types == ["status", "execute_input", "error", "status"])
    }

    @Test func executionsQueuedBehindAnErrorAreAbortedWithOnlyTheirStatus() throws {
        let gate = DispatchSemaphore(value: 0)
        let kernel = RunningKernel(.failing(after: gate))
        defer { kernel.stop() }
        let transport = kernel.transport
        let failing = transport.request("execute_request", ["code": "fail"])
        let queued = transport.request("execute_request", ["code": "a"])
        let info = transport.request("kernel_info_request")
        let alsoQueued = transport.request("execute_request", ["code": "b"])
        // Once the failing one runs and the three others wait in the queue, let it fail.
        #expect(kernel.waitUntilQueued(3))
        gate.signal()
        #expect(transport.reply(to: failing)?.message.content["status"] == "error")
        for request in [queued, alsoQueued] {
            let reply = try #require(transport.reply(to: request))
            #expect(reply.message.type == "execute_reply")
            #expect(reply.message.content == ["status": "aborted"], "no execution_count, as ipykernel's _send_abort_reply")
            #expect(transport.published(parent: request)?.types == ["status", "status"])
        }
        #expect(transport.reply(to: info)?.message.content["status"] == "ok", "only executions are aborted")
        // Sent after the error: runs.
        let (_, later, _) = kernel.roundTrip("execute_request", ["code": "c"])
        #expect(later?.content["status"] == "ok" && later?.content["execution_count"] == 2)
    }

    @Test func aSilentErrorAbortsNothing() throws {
        let gate = DispatchSemaphore(value: 0)
        let kernel = RunningKernel(.failing(after: gate))
        defer { kernel.stop() }
        let failing = kernel.transport.request("execute_request", ["code": "fail", "silent": true])
        let queued = kernel.transport.request("execute_request", ["code": "a"])
        #expect(kernel.waitUntilQueued(1))
        gate.signal()
        #expect(kernel.transport.reply(to: failing)?.message.content["status"] == "error")
        #expect(kernel.transport.reply(to: queued)?.message.content["status"] == "ok")
    }

    @Test func unknownTypesGetBusyAndIdleButNoReply() throws {
        let kernel = RunningKernel()
        defer { kernel.stop() }
        let (_, reply, published) = kernel.roundTrip("frobnicate_request")
        #expect(reply == nil)
        #expect(published.map { $0.content["execution_state"] } == ["busy", "idle"])
    }

    @Test func theInterpreterGetsTheCommsOnceBeforeServing() throws {
        let kernel = RunningKernel()
        defer { kernel.stop() }
        _ = kernel.roundTrip("kernel_info_request")
        #expect(kernel.interpreter.attachedComms.count == 1)
        #expect(kernel.interpreter.attachedComms.first === kernel.core.comms)
    }
}
