import Foundation

/// The connection file a frontend writes for a kernel: where to bind and how to sign.
public struct ConnectionInfo: Sendable, Decodable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    /// The HMAC key; empty means messages are not signed.
    public var key: String
    public var signatureScheme: String
    /// The CurveZMQ key pair (Z85, 40 characters each) that `transport_encryption`
    /// provisions; when present every socket is a CURVE server with it.
    public var curve: CurveKeyPair?

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case curvePublicKey = "curve_publickey", curveSecretKey = "curve_secretkey"
        case shellPort = "shell_port", iopubPort = "iopub_port", stdinPort = "stdin_port"
        case controlPort = "control_port", hbPort = "hb_port", signatureScheme = "signature_scheme"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        transport = try c.decodeIfPresent(String.self, forKey: .transport) ?? "tcp"
        ip = try c.decodeIfPresent(String.self, forKey: .ip) ?? "127.0.0.1"
        shellPort = try c.decode(Int.self, forKey: .shellPort)
        iopubPort = try c.decode(Int.self, forKey: .iopubPort)
        stdinPort = try c.decode(Int.self, forKey: .stdinPort)
        controlPort = try c.decode(Int.self, forKey: .controlPort)
        hbPort = try c.decode(Int.self, forKey: .hbPort)
        key = try c.decodeIfPresent(String.self, forKey: .key) ?? ""
        signatureScheme = try c.decodeIfPresent(String.self, forKey: .signatureScheme) ?? "hmac-sha256"
        let publicKey = try c.decodeIfPresent(String.self, forKey: .curvePublicKey)
        let secretKey = try c.decodeIfPresent(String.self, forKey: .curveSecretKey)
        switch (publicKey, secretKey) {
        case (nil, nil):
            curve = nil
        case (let publicKey?, let secretKey?):
            curve = try CurveKeyPair(publicKey: publicKey, secretKey: secretKey)
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath,
                debugDescription: "curve_publickey and curve_secretkey must come together"))
        }
    }

    /// Reads a connection file.
    public static func load(path: String) throws -> ConnectionInfo {
        try JSONDecoder().decode(ConnectionInfo.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The endpoint for a port: `tcp://ip:port`, or `ipc://ip-port` for the ipc transport.
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}

/// A CurveZMQ key pair in Z85 text, as a connection file carries it.
public struct CurveKeyPair: Sendable, Equatable {
    public let publicKey: String
    public let secretKey: String

    /// Checks that both keys are 40 characters of Z85 (32 bytes each).
    public init(publicKey: String, secretKey: String) throws {
        for (name, key) in [("curve_publickey", publicKey), ("curve_secretkey", secretKey)] where !Self.isZ85Key(key) {
            throw DecodingError.dataCorrupted(.init(codingPath: [],
                debugDescription: "\(name) is not a 40-character Z85 CurveZMQ key"))
        }
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The 85 characters of ZeroMQ's Z85 encoding (RFC 32).
    static let z85Alphabet = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".utf8)

    static func isZ85Key(_ key: String) -> Bool {
        key.utf8.count == 40 && key.utf8.allSatisfy { z85Alphabet.contains($0) }
    }
}
