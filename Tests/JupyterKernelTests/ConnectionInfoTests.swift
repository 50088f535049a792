import Foundation
import Testing
@testable import JupyterKernel

/// Connection files as jupyter_client writes them, with and without CurveZMQ keys.
@Suite struct ConnectionInfoTests {
    let base = #""shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": "k""#
    // A key pair from zmq_curve_keypair.
    let publicKey = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
    let secretKey = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"

    func decode(_ extra: String) throws -> ConnectionInfo {
        try JSONDecoder().decode(ConnectionInfo.self, from: Data("{\(base)\(extra)}".utf8))
    }

    @Test func withoutKeysThereIsNoEncryption() throws {
        let info = try decode("")
        #expect(info.curve == nil && info.key == "k" && info.transport == "tcp")
    }

    @Test func aKeyPairIsRead() throws {
        let info = try decode(#", "curve_publickey": "\#(publicKey)", "curve_secretkey": "\#(secretKey)""#)
        #expect(info.curve == (try CurveKeyPair(publicKey: publicKey, secretKey: secretKey)))
    }

    @Test func halfAPairOrAMalformedKeyIsRefused() {
        #expect(throws: DecodingError.self) { try decode(#", "curve_publickey": "\#(publicKey)""#) }
        #expect(throws: DecodingError.self) { try decode(#", "curve_secretkey": "\#(secretKey)""#) }
        #expect(throws: DecodingError.self) { try decode(#", "curve_publickey": "short", "curve_secretkey": "\#(secretKey)""#) }
        #expect(throws: DecodingError.self) {
            try decode(#", "curve_publickey": "\#(publicKey)", "curve_secretkey": "\#(String(repeating: "~", count: 40))""#)
        }
    }

    @Test func thisLibzmqHasCurve() {
        #expect(ZMQSocket.hasCurve, "Debian's libzmq5 is built with libsodium")
    }
}
