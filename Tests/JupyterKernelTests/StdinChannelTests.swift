import Foundation
import Testing
@testable import JupyterKernel

/// A value shared with another thread, under a lock.
private final class Shared<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T

    init(_ value: T) { stored = value }

    var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    func update(_ body: (inout T) -> Void) { lock.withLock { body(&stored) } }
}

/// A channel whose sent messages are recorded, and an execute request to open it for.
private struct StdinFixture {
    let sent = Shared<[Message]>([])
    let execute = Message(identities: [Data("client".utf8)], header: Message.header(type: "execute_request", session: "s"),
                          parentHeader: [:], metadata: [:], content: ["code": "input()"], buffers: [])
    let channel: StdinChannel

    init() {
        let sent = self.sent
        channel = StdinChannel(session: "kernel") { message in sent.update { $0.append(message) } }
    }

    /// Waits until the channel has sent its request; returns it.
    func request() -> Message? {
        for _ in 0..<2500 {
            if let first = sent.value.first { return first }
            Thread.sleep(forTimeInterval: 0.002)
        }
        return nil
    }

    func reply(_ value: String) -> Message {
        Message(identities: execute.identities, header: Message.header(type: "input_reply", session: "client"), parentHeader: [:],
                metadata: [:], content: ["value": .string(value)], buffers: [])
    }

    /// Asks for input on another thread (the execution thread); the returned function
    /// waits (5 s at most) for the outcome.
    func ask(prompt: String = "", password: Bool = false, isInterrupted: @escaping @Sendable () -> Bool = { false })
        -> () -> Result<String, StdinChannel.Failure>? {
        let outcome = Shared<Result<String, StdinChannel.Failure>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let channel = self.channel
        Thread {
            outcome.value = Result { () throws(StdinChannel.Failure) in
                try channel.requestInput(prompt: prompt, password: password, isInterrupted: isInterrupted)
            }
            done.signal()
        }.start()
        return {
            guard done.wait(timeout: .now() + 5) == .success else { return nil }
            return outcome.value
        }
    }
}

/// An execution asking for input: the request it sends, the reply it waits for, and the
/// ways a wait ends.
@Suite struct StdinChannelTests {
    @Test func theRequestGoesToTheExecutesClientAsItsChildAndTheReplyIsReturned() throws {
        let f = StdinFixture()
        f.channel.begin(f.execute)
        let outcome = f.ask(prompt: "name? ", password: true)
        let request = try #require(f.request())
        #expect(request.type == "input_request" && request.identities == f.execute.identities)
        #expect(request.parentHeader == f.execute.header)
        #expect(request.content == ["prompt": "name? ", "password": true])
        #expect(f.channel.deliver(f.reply("Ada")))
        #expect(try outcome()?.get() == "Ada")
    }

    @Test func withoutAllowStdinNothingIsSent() {
        let f = StdinFixture()
        #expect(throws: StdinChannel.Failure.notAllowed) { try f.channel.requestInput(prompt: "", password: false) { false } }
        f.channel.begin(f.execute)
        f.channel.begin(nil)
        #expect(throws: StdinChannel.Failure.notAllowed) { try f.channel.requestInput(prompt: "", password: false) { false } }
        #expect(f.sent.value.isEmpty)
    }

    @Test func anInterruptEndsTheWait() throws {
        let f = StdinFixture()
        f.channel.begin(f.execute)
        let interrupted = Shared(false)
        let outcome = f.ask { interrupted.value }
        _ = try #require(f.request())
        interrupted.value = true
        #expect(throws: StdinChannel.Failure.interrupted) { try outcome()?.get() }
    }

    @Test func closingEndsTheWaitAndRefusesLaterRequests() throws {
        let f = StdinFixture()
        f.channel.begin(f.execute)
        let outcome = f.ask()
        _ = try #require(f.request())
        f.channel.close()
        #expect(throws: StdinChannel.Failure.interrupted) { try outcome()?.get() }
        f.channel.begin(f.execute)
        #expect(throws: StdinChannel.Failure.notAllowed) { try f.channel.requestInput(prompt: "", password: false) { false } }
    }

    @Test func ctrlDIsTheEndOfInputAndAReplyNobodyAwaitsIsDropped() throws {
        let f = StdinFixture()
        #expect(!f.channel.deliver(f.reply("stray")))
        f.channel.begin(f.execute)
        let outcome = f.ask()
        _ = try #require(f.request())
        #expect(f.channel.deliver(f.reply("\u{04}")))
        #expect(throws: StdinChannel.Failure.endOfFile) { try outcome()?.get() }
    }
}
