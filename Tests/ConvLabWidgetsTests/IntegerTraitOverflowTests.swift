import ConvLang
import JupyterKernel
import Testing

/// Integer traits (`CInt`) cast floats as Python's `int()` does; a float past 64 bits,
/// which trapped (found by the language fuzz: `IntSlider(value=1e308)`), is the
/// OverflowError ConvLang's `int()` gives. Python would make a big integer and then clamp
/// it to `max` (ipywidgets 8.1.9: `IntSlider(value=1e308).value == 100`); ConvLang's
/// integers have 64 bits.
@Suite struct IntegerTraitOverflowTests {
    @Test func aFloatPast64BitsIsAnOverflowErrorAndTheSessionGoesOn() {
        let session = WidgetSession()
        for code in ["IntSlider(value=1e308)", "IntSlider(value=-1e19)", "s = IntSlider()\ns.max = 9.3e18",
                     "IntRangeSlider(value=(1e300, 2))", "Play(step=2.0 ** 63)"] {
            let error = session.run(code)
            #expect(error?.kind == "OverflowError", "\(code)")
            #expect(error?.message.hasPrefix("cannot convert float ") == true, "\(code): \(error?.message ?? "")")
            #expect(error?.message.hasSuffix(" to integer: too large for ConvLang (64-bit integers)") == true, "\(code)")
        }
        #expect(session.run("print(int(1e19) if False else 0)\nprint(IntSlider(value=1e18).value, IntSlider(value=2.0 ** 62, max=2 ** 62).value)") == nil)
        #expect(session.sink.stdout == "0\n100 4611686018427387904\n")
    }

    @Test func aFrontendsFloatPast64BitsIsShownAndTheWidgetKept() throws {
        let session = WidgetSession(withFrontend: true)
        #expect(session.run("s = IntSlider(value=3)\ns") == nil)
        let id = try #require(session.commID(where: "value", is: 3, model: "IntSliderModel"))
        session.frontendUpdate(id, ["value": .double(1e300)])
        #expect(session.sink.errors.map(\.kind) == ["OverflowError"])
        session.frontendUpdate(id, ["value": 4])
        #expect(session.run("print(s.value)") == nil)
        #expect(session.sink.stdout == "4\n")
    }
}
