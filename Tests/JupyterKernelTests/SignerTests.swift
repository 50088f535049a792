import Foundation
import Testing
@testable import JupyterKernel

/// HMAC-SHA256 signatures and the replay rule.
@Suite struct SignerTests {
    let frames = [Data("{\"msg_id\": \"1\"}".utf8), Data("{}".utf8), Data("{}".utf8), Data("{\"code\": \"1\"}".utf8)]

    @Test func genuineSignaturesPassOnceAndForgedOnesNever() {
        let signer = Signer(key: "secret")
        let signature = signer.sign(frames)
        #expect(signature.count == 64)
        #expect(signer.refusal(signature: signature, frames: frames) == nil)
        #expect(signer.refusal(signature: signature, frames: frames) == "duplicate signature (replayed message)")
        #expect(signer.refusal(signature: signature.uppercased(), frames: frames) == "duplicate signature (replayed message)")
        #expect(signer.refusal(signature: Signer(key: "other").sign(frames), frames: frames) == "invalid signature")
        #expect(signer.refusal(signature: "", frames: frames) == "missing or malformed signature")
        #expect(signer.refusal(signature: String(repeating: "zz", count: 32), frames: frames) == "missing or malformed signature")
    }

    @Test func withoutAKeyNothingIsSignedOrChecked() {
        let signer = Signer(key: "")
        #expect(signer.sign(frames) == "")
        #expect(signer.refusal(signature: "", frames: frames) == nil)
        #expect(signer.refusal(signature: "", frames: frames) == nil, "no replay check without signatures")
    }

    @Test func theOldestSignaturesAreForgottenFirst() {
        let signer = Signer(key: "secret")
        func frames(_ i: Int) -> [Data] { [Data("{\"msg_id\": \"\(i)\"}".utf8), Data("{}".utf8), Data("{}".utf8), Data("{}".utf8)] }
        for i in 0..<Signer.historyLimit {
            #expect(signer.refusal(signature: signer.sign(frames(i)), frames: frames(i)) == nil)
        }
        // Full: the newest are still refused as replays; one more pushes out message 0.
        #expect(signer.refusal(signature: signer.sign(frames(1)), frames: frames(1)) != nil)
        let next = Signer.historyLimit
        #expect(signer.refusal(signature: signer.sign(frames(next)), frames: frames(next)) == nil)
        #expect(signer.refusal(signature: signer.sign(frames(0)), frames: frames(0)) == nil)
        #expect(signer.refusal(signature: signer.sign(frames(2)), frames: frames(2)) != nil)
    }
}
