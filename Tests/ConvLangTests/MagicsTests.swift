import Foundation
import Synchronization
import Testing
@testable import ConvLang

extension Session {
    /// Runs a magic as a cell holding only it would: the cell joins the history first.
    @discardableResult
    func magic(_ name: String, _ argument: String = "", cell: String? = nil) throws -> String? {
        let text = cell.map { "%%\(name) \(argument)\n\($0)" } ?? "%\(name) \(argument)"
        interpreter.recordHistory(text)
        let value = try interpreter.runMagic(name: name, argument: argument, cellBody: cell, at: SourceRange(0, text.utf8.count))
        return value.map { v in interpreter.withSession { v.displayText } }
    }

    /// The error a magic raises.
    func magicFailure(_ name: String, _ argument: String = "", cell: String? = nil) -> Diagnostic? {
        do throws(Diagnostic) {
            _ = try interpreter.runMagic(name: name, argument: argument, cellBody: cell, at: SourceRange(0, 1))
            return nil
        } catch {
            return error
        }
    }

    /// Runs `!command`.
    func shell(_ command: String) throws {
        try interpreter.runShell(command, at: SourceRange(0, command.utf8.count + 1))
    }
}

/// IPython's magics and `!`, with texts taken from IPython 9.18.1 running the same
/// magics (timings checked by pattern).
@Suite struct MagicsTests {
    // MARK: - Unknown magics

    @Test func unknownMagicsAreUsageErrors() {
        let s = Session()
        let line = s.magicFailure("foo")
        #expect(line?.kind == "UsageError")
        #expect(line?.headline == "UsageError: Line magic function `%foo` not found.")
        #expect(line?.range == nil)
        #expect(s.magicFailure("foo", cell: "x")?.headline == "UsageError: Cell magic `%%foo` not found.")
        #expect(s.magicFailure("who", cell: "x")?.headline
                == "UsageError: Cell magic `%%who` not found (But line magic `%who` exists, did you mean that instead?).")
        #expect(s.magicFailure("timeit", cell: "")?.headline
                == "UsageError: %%timeit is a cell magic, but the cell body is empty. Did you mean the line magic %timeit (single %)?")
        let formatted = DiagnosticFormatter().format(line!, source: SourceText("%foo"))
        #expect(formatted == "UsageError: Line magic function `%foo` not found.")
    }

    @Test func lsmagicListsConvLabsMagicsInIPythonsLayout() throws {
        let s = Session()
        let text = "Available line magics:\n%cd  %env  %hist  %history  %lsmagic  %pwd  %reset  %set_env  %time  %timeit  %who  %who_ls  %whos\n\nAvailable cell magics:\n%%time  %%timeit\n\nAutomagic is OFF, % prefix IS needed for line magics."
        // IPython 9 returns the listing as a string, so a cell shows its repr.
        #expect(try s.magic("lsmagic") == Value.quoted(text))
    }

    // MARK: - Namespace

    @Test func whoListsUserVariables() throws {
        let s = Session()
        try s.magic("who")
        #expect(s.sink.stdout == "Interactive namespace is empty.\n")
        try s.run("a = 1; f = 2.5; s = 'hello'; l = [1, 2, 3]; d = {'k': 1}; t = (1, 2); z = np.zeros((2, 3)); v = np.zeros(5); big = np.zeros((200, 100)); huge = np.zeros((1000, 1000)); w = np.float64(3); long_text = 'x' * 30 + 'y' * 30; multi = 'a\\nb'; _hidden = 1")
        let before = s.sink.stdout.count
        try s.magic("who")
        #expect(String(s.sink.stdout.dropFirst(before)) == "a\t big\t d\t f\t huge\t l\t long_text\t multi\t s\t \nt\t v\t w\t z\t \n")
        #expect(try s.magic("who_ls") == "['a', 'big', 'd', 'f', 'huge', 'l', 'long_text', 'multi', 's', 't', 'v', 'w', 'z']")
        #expect(try s.magic("who_ls", "ndarray") == "['big', 'huge', 'v', 'z']")
        let afterWho = s.sink.stdout.count
        try s.magic("who", "int float")
        try s.magic("who", "foo")
        #expect(String(s.sink.stdout.dropFirst(afterWho)) == "a\t f\t \nNo variables match your requested type.\n")
    }

    @Test func whosTableMatchesIPython() throws {
        let s = Session()
        try s.run("a = 1; f = 2.5; s = 'hello'; l = [1, 2, 3]; d = {'k': 1}; t = (1, 2); z = np.zeros((2, 3)); v = np.zeros(5); big = np.zeros((200, 100)); huge = np.zeros((1000, 1000)); w = np.float64(3); long_text = 'x' * 30 + 'y' * 30; multi = 'a\\nb'")
        try s.magic("whos")
        #expect(s.sink.stdout == """
            Variable    Type       Data/Info
            --------------------------------
            a           int        1
            big         ndarray    200x100: 20000 elems, type `float64`, 160000 bytes (156.25 kb)
            d           dict       n=1
            f           float      2.5
            huge        ndarray    1000x1000: 1000000 elems, type `float64`, 8000000 bytes (7.62939453125 Mb)
            l           list       n=3
            long_text   str        xxxxxxxxxxxxxxxxxxxxxxxxx<...>yyyyyyyyyyyyyyyyyyyyyyyyy
            multi       str        a\\nb
            s           str        hello
            t           tuple      n=2
            v           ndarray    5: 5 elems, type `float64`, 40 bytes
            w           float64    3.0
            z           ndarray    2x3: 6 elems, type `float64`, 48 bytes

            """)
        let before = s.sink.stdout.count
        try s.magic("whos", "str")
        #expect(String(s.sink.stdout.dropFirst(before)) == """
            Variable    Type    Data/Info
            -----------------------------
            long_text   str     xxxxxxxxxxxxxxxxxxxxxxxxx<...>yyyyyyyyyyyyyyyyyyyyyyyyy
            multi       str     a\\nb
            s           str     hello

            """)
    }

    @Test func whosDescribesTensorsAndLayersAndShowsRebindings() throws {
        let s = Session()
        try s.run("x = torch.zeros(2, 3)\nbig = torch.zeros(300, 100, dtype=torch.float64)\nconv = nn.Conv2d(1, 1, 3)\nw = conv.weight\nimport numpy as np\nF = 5")
        try s.magic("whos")
        // ConvLab's choice for tensors: the ndarray line with PyTorch's names.
        #expect(s.sink.stdout == """
            Variable   Type         Data/Info
            ---------------------------------
            F          int          5
            big        Tensor       torch.Size([300, 100]): 30000 elems, type `torch.float64`, 240000 bytes (234.375 kb)
            conv       Conv2d       Conv2d(1, 1, kernel_size=(3, 3), stride=(1, 1))
            w          Parameter    torch.Size([1, 1, 3, 3]): 9 elems, type `torch.float32`, 36 bytes
            x          Tensor       torch.Size([2, 3]): 6 elems, type `torch.float32`, 24 bytes

            """)
    }

    @Test func resetForgetsVariablesButKeepsTheSessionsModules() throws {
        let s = Session()
        try s.run("a = 1\nnp = 3")
        // Without -f IPython asks on stdin; at the end of the input the answer is no.
        try s.magic("reset")
        #expect(s.sink.stdout == "Once deleted, variables cannot be recovered. Proceed (y/[n])? \nNothing done.\n")
        #expect(s.interpreter.globals["a"] != nil)
        try s.magic("reset", "-f")
        #expect(s.interpreter.globals["a"] == nil)
        #expect(try s.run("torch.zeros(1).shape, np.zeros(2).shape, F.conv2d is torch.nn.functional.conv2d, nn.Conv2d is torch.nn.Conv2d")
                == "(torch.Size([1]), (2,), True, True)")
        let before = s.sink.stdout.count
        try s.magic("who")
        #expect(String(s.sink.stdout.dropFirst(before)) == "Interactive namespace is empty.\n")

        try s.run("q = 1\nz = np.zeros(2)\ny = np.float64(1)")
        try s.magic("reset", "-f array")
        #expect(try s.magic("who_ls") == "['q', 'y']")
        try s.magic("reset", "-f -s")
        #expect(try s.magic("who_ls") == "[]")
        let flushed = s.sink.stdout.count
        try s.magic("reset", "-f in dhist out")
        #expect(String(s.sink.stdout.dropFirst(flushed)) == "Flushing input history\nFlushing directory history\nFlushing output cache (0 entries)\n")
        #expect(s.interpreter.history.allSatisfy { $0.isEmpty })
    }

    // MARK: - History

    @Test func historyPrintsTheSessionsCellsAsIPythonDoes() throws {
        let s = Session()
        try s.run("a = 1")
        try s.run("b = 2\nc = 3")
        try s.run("a = 1")
        _ = s.interpreter.run("   \n")  // a blank cell is not kept
        var seen = 0
        func printed(_ argument: String) throws -> String {
            try s.magic("history", argument)
            defer { seen = s.sink.stdout.count }
            return String(s.sink.stdout.dropFirst(seen))
        }
        // Each expected text is IPython's for the same cells.
        #expect(try printed("") == "a = 1\nb = 2\nc = 3\na = 1\n%history \n".replacingOccurrences(of: "%history \n", with: "%history\n"))
        #expect(try printed("-n 2-3") == "   2:\nb = 2\nc = 3\n   3: a = 1\n")
        #expect(try printed("-l 2") == "%history\n%history -n 2-3\n")
        #expect(try printed("-g a =") == "   1: a = 1\n   3: a = 1\n   7: %history -g a =\n")
        #expect(try printed("-g a = -u") == "   3: a = 1\n   7: %history -g a =\n   8: %history -g a = -u\n")
        #expect(try printed("-n -p 2 4:6") == "   2:\n>>> b = 2\n... c = 3\n...\n   4: >>> %history\n   5: >>> %history -n 2-3\n")
        try s.run("x = 1\t# note\ny = 2")
        #expect(try printed("-n 10") == "  10:\nx = 1   # note\ny = 2\n")
        #expect(try printed("99") == "")
        #expect(try printed("-l") == "a = 1\n%history\n%history -n 2-3\n%history -l 2\n%history -g a =\n%history -g a = -u\n%history -n -p 2 4:6\nx = 1   # note\ny = 2\n%history -n 10\n%history 99\n")
        #expect(try printed("-pn 2") == "   2:\n>>> b = 2\n... c = 3\n...\n")
        #expect(try printed("-g history -l 3") == "  13: %history -l\n  14: %history -pn 2\n  15: %history -g history -l 3\n")
        #expect(try printed("-n 1-2 -g b") == "   2:\nb = 2\nc = 3\n")
        #expect(s.magicFailure("history", "-r")?.headline == "UsageError: unrecognized arguments: -r")
    }

    // MARK: - Directories and environment

    @Test func cdAndPwdMoveTheSessionNotTheProcess() throws {
        let s = Session()
        let processDirectory = FileManager.default.currentDirectoryPath
        let start = try #require(try s.magic("pwd"))
        #expect(start == Value.quoted(processDirectory))
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-cd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base.appendingPathComponent("inner dir"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let physical = String(cString: realpath(base.path, nil))

        var seen = 0
        func printed(_ argument: String) throws -> String {
            try s.magic("cd", argument)
            defer { seen = s.sink.stdout.count }
            return String(s.sink.stdout.dropFirst(seen))
        }
        #expect(try printed(base.path) == physical + "\n")
        #expect(try s.magic("pwd") == Value.quoted(physical))
        #expect(try printed("'inner dir'") == physical + "/inner dir\n")
        #expect(try printed("..") == physical + "\n")
        #expect(try printed("-") == physical + "/inner dir\n")
        #expect(try printed("-0") == processDirectory + "\n")
        #expect(try printed("--inner") == physical + "/inner dir\n")
        #expect(try printed("-q ..") == "")
        #expect(try printed("/convlab_no_such_dir") == "[Errno 2] No such file or directory: '/convlab_no_such_dir'\n\(physical)\n")
        #expect(try printed("-99") == "The requested directory does not exist in history.\n")
        #expect(try printed("--zzz_no_match") == "No matching entry in directory history\n")
        #expect(FileManager.default.currentDirectoryPath == processDirectory)

        // `!` runs where the session is.
        try s.shell("pwd")
        #expect(s.sink.stdout.hasSuffix(physical + "\n"))
        seen = s.sink.stdout.count
        let home = try printed("")
        #expect(home == String(cString: realpath(DirectoryHistory.home, nil)) + "\n")
        #expect(Session().magicFailure("cd", "-")?.headline == "UsageError: %cd -: No previous directory to change to.")
    }

    @Test func envGetsAndSetsVariables() throws {
        let s = Session()
        let name = "CONVLAB_MAGIC_TEST_\(UInt32.random(in: 0...UInt32.max))"
        #expect(s.magicFailure("env", name)?.headline == "UsageError: Environment does not have key: \(name)")
        try s.magic("env", "\(name)=forty two")
        #expect(s.sink.stdout == "env: \(name)=forty two\n")
        #expect(try s.magic("env", name) == "'forty two'")
        try s.magic("env", "\(name) 7")
        #expect(try s.magic("env", name) == "'7'")
        try s.shell("echo $\(name)")
        #expect(s.sink.stdout.hasSuffix("\n7\n"))
        #expect(s.magicFailure("set_env", "")?.headline == "UsageError: usage is 'set_env var=val'")
        #expect(s.magicFailure("env", "A B=c")?.headline == "UsageError: refusing to set env var with whitespace: 'c'")
        // The whole environment, secrets hidden; checked without printing it.
        try s.magic("env", "\(name)_TOKEN=abc")
        let all = try #require(try s.interpreter.runMagic(name: "env", argument: "", cellBody: nil, at: SourceRange(0, 1)))
        guard case .dict(let dict) = all else { Issue.record("not a dict"); return }
        let entries = Dictionary(uniqueKeysWithValues: dict.entries.compactMap { entry -> (String, String)? in
            guard case .string(let k) = entry.key, case .string(let v) = entry.value else { return nil }
            return (k, v)
        })
        #expect(entries[name] == "7")
        #expect(entries["\(name)_TOKEN"] == "<hidden>")
        unsetenv(name)
        unsetenv("\(name)_TOKEN")
    }

    @Test func magicLinesExpandVariablesAsIPythonDoes() throws {
        let s = Session()
        try s.run("kind = 'int'\nn = 3")
        #expect(try s.magic("who_ls", "{kind}") == "['n']")
        #expect(try s.magic("who_ls", "$kind") == "['n']")
        #expect(s.interpreter.expandingVariables("echo {n + 1} $n {kind!r} '$n' $$n") == "echo 4 3 'int' '$n' $n")
        // Any field that fails leaves the whole line as written.
        #expect(s.interpreter.expandingVariables("echo {n} $HOME") == "echo {n} $HOME")
        #expect(s.interpreter.expandingVariables("find . -exec ls {} \\;") == "find . -exec ls {} \\;")
    }

    // MARK: - %time

    static let cpuAndWall = #"CPU times: user [^,]+, sys: [^,]+, total: [^\n]+\nWall time: [^\n]+\n"#
    static let duration = #"(?:[0-9.e+-]+ (?:s|ms|μs|ns)|(?:[0-9]+(?:d|h|min|s) ?)+)"#

    @Test func timeRunsCodeThenReportsTimes() throws {
        let s = Session()
        #expect(try s.magic("time", "print('hi'); 40 + 2") == "42")
        let pattern = "^hi\nCPU times: user \(Self.duration), sys: \(Self.duration), total: \(Self.duration)\nWall time: \(Self.duration)\n$"
        #expect(s.sink.stdout.contains(try Regex(pattern)), "\(s.sink.stdout)")
        // Assignments bind in the session; a trailing ; hides the value.
        #expect(try s.magic("time", "x = 5") == nil)
        #expect(try s.run("x") == "5")
        #expect(try s.magic("time", "x;") == nil)
        #expect(try s.magic("time") == nil)
        // The cell form times the body; its last expression is the value.
        #expect(try s.magic("time", cell: "y = x * 2\ny + 1") == "11")
        #expect(s.magicFailure("time", "x", cell: "y")?.headline == "UsageError: Can't use statement directly after '%%time'!")
    }

    @Test func timeReportsBeforeAnErrorPropagates() throws {
        let s = Session()
        let error = s.magicFailure("time", "1 / 0")
        #expect(error?.kind == "ZeroDivisionError")
        #expect(s.sink.stdout.contains(try Regex("^\(Self.cpuAndWall)$")))
        // --no-raise-error swallows it after the report.
        let quiet = Session()
        #expect(try quiet.magic("time", "--no-raise-error 1 / 0") == nil)
        #expect(quiet.sink.stdout.contains(try Regex("^\(Self.cpuAndWall)$")))
        // A syntax error stops before anything runs or is timed.
        let syntax = Session()
        #expect(syntax.magicFailure("time", "1 +")?.kind == "SyntaxError")
        #expect(syntax.sink.stdout == "")
    }

    @Test func errorsInTimedCodePointIntoTheCell() throws {
        let s = Session()
        let cell = "%time 1 + undefined_name"
        s.interpreter.currentSource = SourceText(cell)
        defer { s.interpreter.currentSource = nil }
        do throws(Diagnostic) {
            _ = try s.interpreter.runMagic(name: "time", argument: "1 + undefined_name", cellBody: nil, at: SourceRange(0, cell.utf8.count))
            Issue.record("expected a NameError")
        } catch {
            #expect(error.kind == "NameError")
            let start = cell.utf8.count - "undefined_name".utf8.count
            #expect(error.range == SourceRange(start, cell.utf8.count))
        }
        // Cell magics: the body is the end of the cell.
        let cellMagic = "%%time\nx = 1\nx + nope"
        s.interpreter.currentSource = SourceText(cellMagic)
        do throws(Diagnostic) {
            _ = try s.interpreter.runMagic(name: "time", argument: "", cellBody: "x = 1\nx + nope", at: SourceRange(0, cellMagic.utf8.count))
            Issue.record("expected a NameError")
        } catch {
            #expect(error.range == SourceRange(cellMagic.utf8.count - 4, cellMagic.utf8.count))
        }
    }

    // MARK: - %timeit

    static let timeitLine = #"\#(duration) ± \#(duration) per loop \(mean ± std\. dev\. of "#

    @Test func timeitRunsTheGivenLoopsAndReportsLikeIPython() throws {
        let s = Session()
        try s.run("l = []")
        #expect(try s.magic("timeit", "-n 3 -r 2 l.append(1)") == nil)
        #expect(try s.run("len(l)") == "6")
        let pattern = #"^(The slowest run took [0-9.]+ times longer than the fastest\. This could mean that an intermediate result is being cached\.\n)?"#
            + Self.timeitLine + #"2 runs, 3 loops each\)\n$"#
        #expect(s.sink.stdout.contains(try Regex(pattern)), "\(s.sink.stdout)")

        let one = Session()
        try one.magic("timeit", "-n1 -r1 1 + 1")
        #expect(one.sink.stdout.contains(try Regex("^" + Self.timeitLine + #"1 run, 1 loop each\)\n$"#)), "\(one.sink.stdout)")
        // -q prints nothing; -o returns the result; -v stores it.
        let quiet = Session()
        #expect(try quiet.magic("timeit", "-q -n 2 -r 1 1") == nil)
        #expect(quiet.sink.stdout == "")
        let shown = try #require(try quiet.magic("timeit", "-o -q -n 1000 -r 3 1"))
        #expect(shown.contains(try Regex("^<TimeitResult : " + Self.timeitLine + #"3 runs, 1,000 loops each\)>$"#)), "\(shown)")
        try quiet.magic("timeit", "-q -v res -n 10 -r 2 1")
        #expect(try quiet.run("res")?.hasPrefix("<TimeitResult : ") == true)
        // Nothing to time: nothing happens (IPython reads `-n pass` as n='pass').
        #expect(try quiet.magic("timeit", "-n pass") == nil)
        #expect(quiet.sink.stdout == "")
        #expect(quiet.magicFailure("timeit", "-x pass")?.headline == "UsageError: option -x not recognized (allowed: \"n:r:tcp:qov:\")")
        #expect(quiet.magicFailure("timeit", "-n ten 1")?.headline == "ValueError: invalid literal for int() with base 10: 'ten'")
        #expect(quiet.magicFailure("timeit", "-n 2 -r 2 1 / 0")?.kind == "ZeroDivisionError")
    }

    @Test func timeitKeepsNamesLocalAndRunsSetupInCellMode() throws {
        let s = Session()
        try s.run("y = 1")
        try s.magic("timeit", "-q -n 5 -r 2 y = 5")
        #expect(try s.run("y") == "1")
        try s.magic("timeit", "-q -n 5 -r 2 fresh = 1")
        #expect(s.interpreter.globals["fresh"] == nil)
        // %%timeit: the line is the setup, run (untimed) before each run.
        try s.run("log = []")
        try s.magic("timeit", "-q -n 2 -r 3 z = [1]; log.append('setup')", cell: "z.append(1)\nlog.append(len(z))")
        #expect(try s.run("log") == "['setup', 2, 3, 'setup', 2, 3, 'setup', 2, 3]")
        #expect(s.interpreter.globals["z"] == nil)
    }

    @Test func timeitFindsItsLoopCountOnTheSessionsClock() throws {
        // A clock that advances 1/256 s per loop run (exact in binary): 1 loop takes
        // 3.9 ms, 10 take 39 ms, 100 take 0.39 s, so 100 loops are used.
        let s = Session()
        try s.run("c = []")
        let clock = { () -> Double in
            guard case .list(let list)? = s.interpreter.globals["c"] else { return 0 }
            return Double(list.items.count) / 256
        }
        let value = try s.interpreter.timeitMagic("c.append(1)", cell: nil, at: SourceRange(0, 1), clock: clock)
        #expect(value == nil)
        #expect(try s.run("len(c)") == "811")  // 1 + 10 + 100 + 7 × 100
        #expect(s.sink.stdout == "3.91 ms ± 0 ns per loop (mean ± std. dev. of 7 runs, 100 loops each)\n")
    }

    @Test func interruptStopsALongTimeitWithinASecond() throws {
        let s = Session()
        try s.run("c = []")
        let flag = s.interpreter.cancellation
        let raisedAt = Mutex<Date?>(nil)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            raisedAt.withLock { $0 = Date() }
            flag.cancel()
        }
        let error = s.magicFailure("timeit", "-n 1000000000 -r 7 c.append(1)")
        let stopped = Date()
        flag.reset()
        #expect(error?.kind == "KeyboardInterrupt")
        let raised = try #require(raisedAt.withLock { $0 })
        #expect(stopped.timeIntervalSince(raised) < 1)
        #expect(try s.run("len(c) > 0") == "True")
    }

    // MARK: - !command

    @Test func shellCommandsStreamTheirOutput() throws {
        let s = Session()
        try s.shell("echo hello; echo oops 1>&2")
        #expect(s.sink.stdout == "hello\n")
        #expect(s.sink.stderr == "oops\n")
        #expect(try s.run("_exit_code") == "0")
        // The exit status is no error; a signal counts as minus its number.
        try s.shell("exit 3")
        #expect(try s.run("_exit_code") == "3")
        try s.shell("kill -9 $$")
        #expect(try s.run("_exit_code") == "-9")
        // Nothing to run, nothing done.
        let before = (s.sink.stdout, s.sink.stderr)
        try s.shell("")
        try s.shell("   ")
        #expect((s.sink.stdout, s.sink.stderr) == before)
        // Characters split between reads arrive whole.
        try s.shell("printf 'h\\303\\251 \\342\\202\\254\\n'")
        #expect(s.sink.stdout.hasSuffix("hé €\n"))
        #expect(s.interpreter.globals["_exit_code"] != nil)
        try s.magic("who")
        #expect(s.sink.stdout.hasSuffix("Interactive namespace is empty.\n"))
    }

    @Test func shellCommandsSeeSessionValuesAndRefuseBackgroundJobs() throws {
        let s = Session()
        try s.run("name = 'world'\nsize = torch.zeros(2, 3).shape")
        try s.shell("echo {name} $name '$name' {size[1] * 2}")
        #expect(s.sink.stdout == "world world $name 6\n")
        let background = s.interpreter.run("x = 1")
        #expect(background.error == nil)
        do throws(Diagnostic) {
            try s.interpreter.runShell("sleep 5 &", at: SourceRange(0, 10))
            Issue.record("expected an OSError")
        } catch {
            #expect(error.headline == "OSError: Background processes not supported.")
        }
    }

    @Test func outputArrivesWhileTheCommandRuns() throws {
        let s = Session()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? s.shell("echo first; sleep 3; echo second")
            done.signal()
        }
        let deadline = Date().addingTimeInterval(2.5)
        var early = ""
        while Date() < deadline {
            early = s.sink.stdout
            if early.contains("first") { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(early == "first\n")
        done.wait()
        #expect(s.sink.stdout == "first\nsecond\n")
    }

    @Test func interruptKillsTheCommandAndWhatItStarted() throws {
        let s = Session()
        let flag = s.interpreter.cancellation
        let raisedAt = Mutex<Date?>(nil)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            raisedAt.withLock { $0 = Date() }
            flag.cancel()
        }
        var error: Diagnostic?
        do throws(Diagnostic) {
            // `sleep` runs as a child of the shell, which waits for it.
            try s.interpreter.runShell("echo start; sleep 10.4321; echo never", at: SourceRange(0, 1))
        } catch let e {
            error = e
        }
        let stopped = Date()
        flag.reset()
        #expect(error?.kind == "KeyboardInterrupt")
        let raised = try #require(raisedAt.withLock { $0 })
        #expect(stopped.timeIntervalSince(raised) < 1)
        #expect(s.sink.stdout == "start\n")
        // Nothing the shell started lives on (the bracket keeps pgrep from finding itself).
        try s.shell("pgrep -f 'sleep 10[.]4321' || echo gone")
        #expect(s.sink.stdout == "start\ngone\n")
    }
}
