import ConvLang
import Foundation
import Testing

/// Values given to traits that hold themselves, or share one list so often that walking
/// it never ends (found by the language fuzz: `Checkbox(value=b)` after `b = [b, b]`
/// sixty times hung the kernel; a list holding itself overflowed the stack). Both are
/// refused at once and the session goes on. (Python's traitlets refuses the Checkbox's
/// list with a TraitError before any JSON is made; ConvLang turns values into JSON
/// first, so its refusal is json.dumps's for a cycle, and a clear limit otherwise.)
@Suite struct TraitValueLimitsTests {
    @Test func aContainerHoldingItselfIsJSONsCircularReference() {
        let session = WidgetSession()
        for code in ["a = [0]\na.append(a)\nIntSlider(value=a)", "d = {}\nd['d'] = d\nw = IntSlider()\nw.value = d",
                     "a = [0]\na.append([a])\nDropdown(options=['x'], value=a)"] {
            let error = session.run(code)
            #expect(error?.headline == "ValueError: Circular reference detected", "\(code)")
        }
    }

    @Test func aListSharedExponentiallyOftenIsRefusedQuickly() {
        let session = WidgetSession()
        let started = ContinuousClock.now
        let error = session.run("b = 0\n" + String(repeating: "b = [b, b]\n", count: 60) + "Checkbox(value=b)")
        #expect(started.duration(to: .now) < .seconds(5))
        #expect(error?.kind == "NotImplementedError")
        #expect(error?.message.contains("at most 65536 items nested at most 100 deep") == true, "\(error?.headline ?? "")")
        #expect(session.run("print(IntSlider(value=[[1, 2], [1, 2]][0][1]).value)") == nil)
        #expect(session.sink.stdout == "2\n")
    }
}
