import Foundation
import Testing
@testable import ConvLang

/// Short programs run by CPython 3.11 (`scripts/generate_builtin_fixtures.py`) and
/// here: iterators, sets, str/list/dict methods, formatting, `math` and `time`. What
/// they print, and the error that stops them, must be CPython's to the character,
/// object addresses aside.
@Suite struct BuiltinFixtureTests {
    static let fixture = ProgramFixture("builtins/builtins")

    @Test func fixtureComesFromCPython3_11() {
        #expect(Self.fixture.metadata["python"]?.hasPrefix("3.11") == true)
        #expect(Self.fixture.cases.count >= 60)
        #expect(Set(Self.fixture.cases.map(\.id)).count == Self.fixture.cases.count)
    }

    @Test(arguments: fixture.cases)
    func caseMatchesCPython(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c, normalizing: ProgramFixture.maskingAddresses)
    }

    @Test func addressesAreMaskedOnlyWhereTheyAre() {
        #expect(ProgramFixture.maskingAddresses("<zip object at 0x7f3a09c1e2b0> 0") == "<zip object at 0x…> 0")
    }

    /// Widths and precisions that would make a string longer than one value may hold
    /// stop with ConvLab's LimitError before anything is allocated.
    @Test(arguments: ["'%*d' % (10**12, 1)", "'%999999999999d' % 1", "f'{1.5:.999999999}'", "'{:>999999999}'.format('x')"])
    func hugeWidthsStopAtTheLimit(_ source: String) {
        let result = Session().interpreter.run("x = " + source)
        #expect(result.error?.kind == "LimitError", "\(source): \(result.error?.headline ?? "no error")")
    }

    /// `time.sleep` waits in short naps: an interrupt raised from another thread stops
    /// it (KeyboardInterrupt) well within a second of being raised.
    @Test func sleepStopsWithinASecondOfAnInterrupt() {
        let session = Session()
        let interpreter = session.interpreter
        let raisedAt = RaisedAt()
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.2)
            raisedAt.record()
            interpreter.cancellation.cancel()
        }
        let result = interpreter.run("import time\ntime.sleep(30)")
        let stopped = Date()
        #expect(result.error?.kind == "KeyboardInterrupt")
        let delay = raisedAt.date.map { stopped.timeIntervalSince($0) } ?? .infinity
        #expect(delay < 1.0, "sleep went on \(delay) s after the interrupt")
    }
}

/// When the interrupt was raised, written by the interrupting thread.
private final class RaisedAt: @unchecked Sendable {
    private let lock = NSLock()
    private var raised: Date?

    func record() { lock.withLock { raised = Date() } }
    var date: Date? { lock.withLock { raised } }
}
