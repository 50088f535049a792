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

    /// The signatures of RFC 4231's test case 2 and of Python's `hmac` module
    /// (`hmac.new(key, b"".join(frames), hashlib.sha256).hexdigest()`, as
    /// jupyter_client signs), for keys shorter than, as long as and longer than SHA-256's
    /// 64-byte block (a longer key is hashed first).
    @Test func signaturesAreHMACSHA256OverTheFrames() {
        #expect(Signer(key: "Jefe").sign([Data("what do ya want ".utf8), Data("for nothing?".utf8)])
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Signer(key: "secret").sign(frames) == "14c913d7f0501235481294abf9ed31d1aab992aa50d543198be0853b3bb6969d")
        #expect(Signer(key: String(repeating: "x", count: 64)).sign(frames)
            == "c0a0278ea4e6b3caefd9c93f9478e4d1602d8d2d42bb7c8534182f8b689243ab")
        #expect(Signer(key: String(repeating: "k", count: 100)).sign(frames)
            == "8169d6110621b02237abbf5b823bdcbc039155f4013ae76c74cc65c82db105c5")
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
