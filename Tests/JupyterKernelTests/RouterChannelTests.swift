import Foundation
import Synchronization
import Testing
@testable import JupyterKernel

/// ``RouterChannel``: one thread serves the socket, others reply on it directly; a reply
/// sent while a request arrives must never hide that request from the serving thread.
@Suite struct RouterChannelTests {
    /// A channel on a bound ROUTER socket and a DEALER client connected to it (the
    /// sockets keep their context).
    static func connected() throws -> (RouterChannel, ZMQSocket) {
        let context = ZMQContext()
        let endpoint = "inproc://router-channel-\(UUID().uuidString)"
        let server = try ZMQSocket(context, .router)
        try server.bind(endpoint)
        let client = try ZMQSocket(context, .dealer)
        try client.connect(endpoint)
        return (try RouterChannel(server), client)
    }

    @Test func repliesFromAnotherThreadNeverHideARequest() throws {
        let (router, client) = try Self.connected()
        let count = 2000
        let received = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        // The serving thread hands each request to a replying thread, which answers on
        // the shared socket while the serving thread is back to waiting.
        let replier = DispatchQueue(label: "replier")
        let finished = DispatchSemaphore(value: 0)
        let serving = Thread {
            defer { finished.signal() }
            while !stop.load(ordering: .relaxed) {
                while let frames = try? router.receiveIfReady(maxBytes: 1 << 20) {
                    received.add(1, ordering: .relaxed)
                    replier.async { try? router.send(frames) }
                }
                _ = try? router.wait(timeout: 100)
            }
        }
        serving.start()
        defer {
            stop.store(true, ordering: .relaxed)
            finished.wait()
            replier.sync {}
            router.close()
            client.close()
        }
        // Requests in bursts, so that some arrive while a reply is being sent.
        var replies = 0
        var sent = 0
        while sent < count {
            for _ in 0..<min(7, count - sent) {
                try client.send([Data("request \(sent)".utf8)])
                sent += 1
            }
            while replies < sent, let frames = try client.receive(timeout: 2000) {
                #expect(frames.count == 1)
                replies += 1
            }
            try #require(replies == sent, "a request or its reply was lost after \(sent) requests")
        }
        #expect(received.load(ordering: .relaxed) == count)
    }

    @Test func oversizedMessagesAreReadAndRefused() throws {
        let (router, client) = try Self.connected()
        defer { router.close(); client.close() }
        try client.send([Data(count: 2000)])
        try client.send([Data("small".utf8)])
        _ = try router.wait(timeout: 2000)
        #expect(throws: ZMQError.self) { try router.receiveIfReady(maxBytes: 1000) }
        let next = try router.receiveIfReady(maxBytes: 1000)
        #expect(next?.last == Data("small".utf8))
        #expect(try router.receiveIfReady(maxBytes: 1000) == nil)
    }
}
