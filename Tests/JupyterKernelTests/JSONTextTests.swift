import Foundation
import Testing
@testable import JupyterKernel

/// The hand-written JSON reader and writer every message goes through.
@Suite struct JSONTextTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.decode(Data(text.utf8)) }

    @Test func valuesRoundTrip() throws {
        let value: JSONValue = [
            "s": "quote \" backslash \\ newline \n tab \t bell \u{07} é 😀",
            "i": -42, "d": .double(0.25), "big": .double(1e300), "t": true, "f": false, "n": .null,
            "a": [1, [2, [3]], ["k": "v"]], "empty": [:], "none": [],
        ]
        #expect(try JSONValue.decode(value.encoded()) == value)
    }

    @Test func readsWhatPythonWrites() throws {
        #expect(try parse(#" { "a" : [ 1 , 2.5e3 , -0.0 ] , "b" : "\u00e9\ud83d\ude00\/" } "#)
                == ["a": [1, .double(2500), .double(-0.0)], "b": "é😀/"])
        #expect(try parse(#"["a plain run, then \"escapes\"\n", "", true, false, null]"#) == ["a plain run, then \"escapes\"\n", "", true, false, .null])
        // Integers beyond Int become doubles, as Python's json reads them.
        #expect(try parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test func refusesWhatIsNotJSON() {
        for text in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "\"\\x\"", "\"\\ud800\"", "1 2", "-", "\"\u{01}\""] {
            #expect(throws: (any Error).self, "\(text)") { try parse(text) }
        }
        // Invalid UTF-8 in a string without escapes (read whole) and after one (read byte by byte).
        #expect(throws: (any Error).self) { try JSONValue.decode(Data([0x22, 0xFF, 0xFE, 0x22])) }
        #expect(throws: (any Error).self) { try JSONValue.decode(Data([0x22, 0x61, 0x5C, 0x6E, 0xFF, 0x22])) }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: (any Error).self) { try parse(deep) }
        #expect((try? parse(String(repeating: "[", count: 500) + String(repeating: "]", count: 500))) != nil)
    }

    @Test func writesCompactJSONThatFoundationReads() throws {
        let value: JSONValue = ["x": [1, .double(1.5), "a\u{0}b"], "inf": .double(.infinity)]
        let object = try JSONSerialization.jsonObject(with: value.encoded()) as? [String: Any]
        #expect((object?["x"] as? [Any])?.count == 3)
        #expect(object?["inf"] is NSNull)
        // Escapes between runs of plain text, byte for byte.
        let text: JSONValue = "<td style=\"a\">1</td>\\\n\r\t\u{01}é\""
        #expect(String(decoding: text.encoded(), as: UTF8.self) == #""<td style=\"a\">1</td>\\\n\r\t\u0001é\"""#)
    }

    @Test func headersCarrySessionIDsAndMicrosecondTimestamps() throws {
        let header = Message.header(type: "status", session: "s")
        let id = try #require(header["msg_id"].string)
        // jupyter_client's Session.msg_id: session, process, count.
        let match = try #require(id.wholeMatch(of: /s_(\d+)_(\d+)/))
        #expect(Int32(match.1) == getpid())
        let next = try #require(Message.header(type: "status", session: "s")["msg_id"].string?.wholeMatch(of: /s_\d+_(\d+)/))
        #expect(try #require(Int(next.1)) > #require(Int(match.2)))
        #expect(Message.newID().wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
        let date = try #require(header["date"].string)
        #expect(date.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z/) != nil)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let parsed = try #require(formatter.date(from: String(date.dropLast(4)) + "Z"))
        #expect(abs(parsed.timeIntervalSinceNow) < 5)
        #expect(Message.header(type: "status", session: "s")["msg_id"] != header["msg_id"])
        #expect([UInt8]([0, 15, 16, 255]).hexString == "000f10ff")
    }
}
