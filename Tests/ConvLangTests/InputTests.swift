import Foundation
import Testing
@testable import ConvLang

/// `input()`, `getpass` and `%reset`'s question, read through the session's input
/// (CPython's `input` and IPython's `ask_yes_no` are the reference).
@Suite struct InputTests {
    @Test func inputReturnsTheLineAfterItsPrompt() throws {
        let s = Session(input: ["Ada", "3"])
        #expect(try s.run("name = input('name? ')\nn = int(input())\nname, n * 2") == "('Ada', 6)")
        #expect(s.sink.stdout == "name? ")
        #expect(s.input.asked == ["name? ", ""])
    }

    @Test func thePromptIsAnyObjectAsStr() throws {
        let s = Session(input: ["x"])
        try s.run("input(42)")
        #expect(s.input.asked == ["42"])
    }

    @Test func getpassAsksForASecretWithItsDefaultPrompt() throws {
        let s = Session(input: ["s3", "t0"])
        #expect(try s.run("import getpass\nfrom getpass import getpass as gp\ngetpass.getpass(), gp('Token: ')") == "('s3', 't0')")
        #expect(s.input.asked == ["Password: (password)", "Token: (password)"])
    }

    @Test func theEndOfTheInputRaisesEOFError() {
        let error = Session().failure("input('> ')")
        #expect(error?.kind == "EOFError" && error?.message == "EOF when reading a line")
        #expect(Session().failure("try:\n    input()\nexcept EOFError:\n    raise ValueError('caught')")?.message == "caught")
    }

    @Test func aFrontendWithoutInputRaisesIPythonsError() {
        let error = Session(input: [ScriptedInput.notSupported]).failure("input('> ')")
        #expect(error?.kind == "StdinNotImplementedError")
        #expect(error?.message == "raw_input was called, but this frontend does not support input requests.")
        let secret = Session(input: [ScriptedInput.notSupported]).failure("import getpass\ngetpass.getpass()")
        #expect(secret?.message == "getpass was called, but this frontend does not support input requests.")
    }

    @Test func anInterruptWhileWaitingIsAKeyboardInterrupt() {
        let error = Session(input: [ScriptedInput.interrupt]).failure("input()")
        #expect(error?.kind == "KeyboardInterrupt" && error?.message == "Interrupted by user")
    }

    @Test func resetAsksAgainUntilItIsAnswered() throws {
        let s = Session(input: ["maybe", "YES"])
        try s.run("a = 1")
        try s.run("%reset")
        let question = "Once deleted, variables cannot be recovered. Proceed (y/[n])? "
        #expect(s.sink.stdout == question + question)
        #expect(s.interpreter.globals["a"] == nil)
    }

    @Test func resetKeepsTheVariablesOnAnEmptyAnswerOrNo() throws {
        for answer in ["", "n", "No"] {
            let s = Session(input: [answer])
            try s.run("a = 1")
            try s.run("%reset")
            #expect(s.sink.stdout.hasSuffix("Proceed (y/[n])? Nothing done.\n"))
            #expect(s.interpreter.globals["a"] != nil)
        }
    }

    @Test func resetProceedsWhenTheFrontendTakesNoInput() throws {
        // IPython's %reset catches StdinNotImplementedError and resets.
        let s = Session(input: [ScriptedInput.notSupported])
        try s.run("a = 1")
        try s.run("%reset")
        #expect(s.sink.stdout == "Once deleted, variables cannot be recovered. Proceed (y/[n])? ")
        #expect(s.interpreter.globals["a"] == nil)
    }

    /// `convlab run` reads the script's standard input, as `python3 script.py < answers`:
    /// the prompt on stdout, a password's on stderr, EOFError at the end.
    @Test func aScriptReadsItsStandardInput() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("input-\(UUID().uuidString).convlab")
        try "name = input('name? ')\nprint('Hello', name)\nimport getpass\nprint(len(getpass.getpass()))\ninput()\n"
            .write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let run = try ConvLabExecutable.run(["run", script.path], stdin: "Ada\nsecret\n")
        #expect(run.stdout == "name? Hello Ada\n6\n")
        #expect(run.stderr.hasPrefix("Password: ") && run.stderr.contains("EOFError: EOF when reading a line"))
        #expect(run.status == 1)
    }
}
