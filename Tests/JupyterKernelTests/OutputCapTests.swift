import Testing
@testable import JupyterKernel

/// Output over the cap is summarised, never sent whole and never cut inside a character.
@Suite struct OutputCapTests {
    let cap = OutputCap(bytes: 1000)

    @Test func shortTextIsUntouched() {
        #expect(cap.text("tensor([1., 2.])") == "tensor([1., 2.])")
        #expect(cap.text(String(repeating: "x", count: 1000)).count == 1000)
    }

    @Test func longTextKeepsItsBeginningAndSaysWhatWasLeftOut() {
        let text = cap.text(String(repeating: "é", count: 5000))
        #expect(text.utf8.count <= 1000)
        #expect(text.hasPrefix("ééé"))
        #expect(text.contains("output truncated: 10000 bytes in all, the first 1000 shown"))
        #expect(!text.contains("\u{FFFD}"), "no character is cut in half")
        // Grapheme clusters stay whole too: a flag is two scalars, eight bytes.
        let flags = cap.text(String(repeating: "🇫🇷", count: 1000))
        #expect(flags.utf8.count <= 1000 && flags.hasPrefix("🇫🇷") && !flags.contains("\u{FFFD}"))
    }

    @Test func theNoteNamesTheSettingOnlyWhenGiven() {
        let long = String(repeating: "x", count: 5000)
        #expect(cap.text(long).hasSuffix("the first 1000 shown]\n"))
        let named = OutputCap(bytes: 1000, setting: "tool --max-output").text(long)
        #expect(named.hasSuffix("the first 1000 shown (tool --max-output)]\n") && named.utf8.count <= 1000)
    }

    @Test func bundlesDropWhatDoesNotFitAndKeepTheirText() {
        let small: [String: JSONValue] = ["text/plain": "t", "text/html": "<b>t</b>"]
        #expect(cap.bundle(small) == small)

        let bigHTML: [String: JSONValue] = ["text/plain": "t", "text/html": .string(String(repeating: "<i>", count: 500)),
                                            "image/svg+xml": "<svg/>"]
        #expect(cap.bundle(bigHTML) == ["text/plain": "t", "image/svg+xml": "<svg/>"])

        // Each fits alone but not together: the text alone is kept.
        let half = String(repeating: "a", count: 600)
        #expect(cap.bundle(["text/plain": "t", "text/html": .string(half), "text/markdown": .string(half)]) == ["text/plain": "t"])

        let noText: [String: JSONValue] = ["image/svg+xml": .string(String(repeating: "s", count: 2000))]
        #expect(cap.bundle(noText) == ["text/plain": "[output of image/svg+xml over the 1000-byte cap, not sent]"])

        let longText = cap.bundle(["text/plain": .string(String(repeating: "x", count: 5000))])
        #expect(longText["text/plain"]?.string?.utf8.count ?? 0 <= 1000)
    }
}
