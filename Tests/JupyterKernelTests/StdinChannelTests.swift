import Foundation
import Synchronization
import Testing
@testable import JupyterKernel

/// An execution asking for input: the request it sends, the reply it waits for, and the
/// ways a wait ends.
@Suite struct StdinChannelTests {
    /// A channel whose sent messages are recorded, opened for an execute request.
    final class Fixture: Sendable {
        let sent = Mutex<[Message]>([])
        let execute = Message(identities: [Data("client".utf8)], header: Message.header(type: "execute_request", session: "s"),
                              parentHeader: [:], metadata: [:], content: ["code": "input()"], buffers: [])
        let channel: StdinChannel

        init() {
            let sent = self.sent
            channel = StdinChannel(session: "kernel") { message in sent.withLock { $0.append(message) } }
        }

        /// Waits until the channel has sent its request; returns it.
        func request() -> Message? {
            for _ in 0..<500 {
                if let first = sent.withLock({ $0.first }) { return first }
                Thread.sleep(forTimeInterval: 0.002)
            }
            return nil
        }

        func reply(_ value: String) -> Message {
            Message(identities: execute.identities, header: Message.header(type: "input_reply", session: "client"), parentHeader: [:],
                    metadata: [:], content: ["value": .string(value)], buffers: [])
        }
    }

    /// Runs `body` on another thread (the execution thread) and returns its result.
    func onExecutionThread(_ body: @escaping @Sendable () -> Result<String, StdinChannel.Failure>) -> () -> Result<String, StdinChannel.Failure>? {
        let result = Mutex<Result<String, StdinChannel.Failure>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread { result.withLock { $0 = body() }; done.signal() }.start()
        return {
            guard done.wait(timeout: .now() + 5) == .success else { return nil }
            return result.withLock { $0 }
        }
    }

    @Test func theRequestGoesToTheExecutesClientAsItsChildAndTheReplyIsReturned() throws {
        let f = Fixture()
        f.channel.begin(f.execute)
        let result = onExecutionThread { Result { () throws(StdinChannel.Failure) in try f.channel.requestInput(prompt: "name? ", password: true) { false } } }
        let request = try #require(f.request())
        #expect(request.type == "input_request" && request.identities == f.execute.identities)
        #expect(request.parentHeader == f.execute.header)
        #expect(request.content == ["prompt": "name? ", "password": true])
        #expect(f.channel.deliver(f.reply("Ada")))
        #expect(try result()?.get() == "Ada")
    }

    @Test func withoutAllowStdinNothingIsSent() {
        let f = Fixture()
        #expect(throws: StdinChannel.Failure.notAllowed) { try f.channel.requestInput(prompt: "", password: false) { false } }
        f.channel.begin(f.execute)
        f.channel.begin(nil)
        #expect(throws: StdinChannel.Failure.notAllowed) { try f.channel.requestInput(prompt: "", password: false) { false } }
        #expect(f.sent.withLock { $0.isEmpty })
    }

    @Test func anInterruptEndsTheWait() throws {
        let f = Fixture()
        f.channel.begin(f.execute)
        let interrupted = Atomic<Bool>(false)
        let result = onExecutionThread {
            Result { () throws(StdinChannel.Failure) in try f.channel.requestInput(prompt: "", password: false) { interrupted.load(ordering: .relaxed) } }
        }
        _ = try #require(f.request())
        interrupted.store(true, ordering: .relaxed)
        #expect(throws: StdinChannel.Failure.interrupted) { try result()?.get() }
    }

    @Test func closingEndsTheWaitAndRefusesLaterRequests() throws {
        let f = Fixture()
        f.channel.begin(f.execute)
        let result = onExecutionThread { Result { () throws(StdinChannel.Failure) in try f.channel.requestInput(prompt: "", password: false) { false } } }
        _ = try #require(f.request())
        f.channel.close()
        #expect(throws: StdinChannel.Failure.interrupted) { try result()?.get() }
        f.channel.begin(f.execute)
        #expect(throws: StdinChannel.Failure.notAllowed) { try f.channel.requestInput(prompt: "", password: false) { false } }
    }

    @Test func ctrlDIsTheEndOfInputAndAReplyNobodyAwaitsIsDropped() throws {
        let f = Fixture()
        #expect(!f.channel.deliver(f.reply("stray")))
        f.channel.begin(f.execute)
        let result = onExecutionThread { Result { () throws(StdinChannel.Failure) in try f.channel.requestInput(prompt: "", password: false) { false } } }
        _ = try #require(f.request())
        #expect(f.channel.deliver(f.reply("\u{04}")))
        #expect(throws: StdinChannel.Failure.endOfFile) { try result()?.get() }
    }
}
