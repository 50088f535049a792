import ConvLang
import JupyterKernel
import Testing

/// The bridge with a frontend stand-in: comms opened as ipywidgets opens them, frontend
/// updates reaching the language's observers, interact and explore redrawing.
@Suite struct FrontendWidgetTests {
    /// The value of the HTML widget `explore` draws in, as last sent.
    static func panel(_ session: WidgetSession) -> String {
        let panelID = session.messages.first { $0.type == "comm_open" && $0.content["data"]["state"]["_model_name"] == "HTMLModel" }?.content["comm_id"]
        let updates = session.messages.filter { $0.content["comm_id"] == panelID }
        for message in updates.reversed() {
            if let value = message.content["data"]["state"]["value"].string { return value }
        }
        return ""
    }

    @Test func exploreRedrawsWhenTheFrontendMovesTheStride() throws {
        let session = WidgetSession(withFrontend: true)
        #expect(session.run("explore(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1)") == nil)
        #expect(Self.panel(session).contains("torch.Size([1, 1, 5, 5])"))
        let stride = try #require(session.commID(where: "description", is: "stride", model: "IntSliderModel"))
        let outputPadding = try #require(session.commID(where: "description", is: "output pad", model: "IntSliderModel"))
        let step = try #require(session.commID(where: "description", is: "step", model: "IntSliderModel"))
        let before = Self.panel(session)
        session.frontendUpdate(stride, ["value": 1])
        let after = Self.panel(session)
        #expect(after != before)
        #expect(after.contains("torch.Size([1, 1, 3, 3])"))
        // output_padding's cap follows the stride: none at stride 1, dilation 1.
        #expect(session.messages.contains { $0.content["comm_id"] == .string(outputPadding) && $0.content["data"]["state"]["max"] == 0 })
        // The step's range follows the kernel positions: 9 for a 3x3 output.
        #expect(session.messages.contains { $0.content["comm_id"] == .string(step) && $0.content["data"]["state"]["max"] == 8 })
        session.frontendUpdate(step, ["value": 4])
        #expect(Self.panel(session) != after)
    }

    @Test func pytorchsRefusalShowsInThePanel() throws {
        let session = WidgetSession(withFrontend: true)
        #expect(session.run("explore(F.conv2d, input=4, kernel_size=3)") == nil)
        let kernel = try #require(session.commID(where: "description", is: "kernel", model: "IntSliderModel"))
        session.frontendUpdate(kernel, ["value": 5])
        #expect(Self.panel(session).contains("Kernel size can&#39;t be greater than actual input size")
            || Self.panel(session).contains("Kernel size can't be greater than actual input size"), "\(Self.panel(session).prefix(400))")
        #expect(session.run("1 + 1") == nil)
    }

    @Test func explorePrintsThePictureWithoutAFrontend() {
        let session = WidgetSession()
        #expect(session.run("explore(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1)") == nil)
        #expect(session.sink.stdout.contains("torch.Size([1, 1, 5, 5])"))
        #expect(session.sink.stdout.contains("the sliders need a notebook"))
    }

    @Test func observersRunOnFrontendChangesAndTheirErrorsAreShown() throws {
        let session = WidgetSession(withFrontend: true)
        #expect(session.run("""
            seen = []
            later = []
            w = IntSlider(min=1, max=5, value=2, description='stride')
            def on_change(change):
                print('new', change['new'])
                seen.append(change.new)
                if change.new == 3:
                    raise ValueError('three')
            w.observe(on_change, names='value')
            w.observe(lambda change: later.append(change.new), names='value')
            """) == nil)
        let id = try #require(session.commID(where: "description", is: "stride", model: "IntSliderModel"))
        session.frontendUpdate(id, ["value": 4])
        session.frontendUpdate(id, ["value": 3])
        session.frontendUpdate(id, ["value": 5])
        #expect(session.sink.stdout == "new 4\nnew 3\nnew 5\n")
        // ipywidgets shows the exception (an `error` message in a kernel); the observers
        // after the one that raised do not run for that change, and later changes run all.
        #expect(session.sink.errors.map(\.kind) == ["ValueError"])
        #expect(session.sink.errors.first?.message == "three")
        #expect(session.run("assert seen == [4, 3, 5] and later == [4, 5] and w.value == 5") == nil)
        // An echo_update answers each frontend update.
        #expect(session.messages.contains { $0.content["comm_id"] == .string(id) && $0.content["data"]["method"] == "echo_update" })
    }

    @Test func anObserverErrorInACellRaisesAtTheChangeThatFiredIt() throws {
        let session = WidgetSession(withFrontend: true)
        let error = session.run("""
            w = IntSlider()
            w.observe(lambda change: 1 / 0, names='value')
            w.value = 5
            """)
        #expect(error?.kind == "ZeroDivisionError")
        #expect(session.run("assert w.value == 5") == nil)
        // Caught at a builtin that changes a widget, and nothing left over for later changes.
        #expect(session.run("""
            out = Output()
            out.observe(lambda change: 1 / 0, names='outputs')
            try:
                out.append_stdout('x')
            except ZeroDivisionError:
                print('caught at append')
            moved = []
            s = IntSlider(description='later')
            s.observe(lambda change: moved.append(change.new), names='value')
            """) == nil)
        #expect(session.sink.stdout == "caught at append\n")
        let id = try #require(session.commID(where: "description", is: "later", model: "IntSliderModel"))
        session.frontendUpdate(id, ["value": 4])
        #expect(session.run("assert moved == [4]") == nil)
    }

    @Test func outputCapturesByMessageID() throws {
        let session = WidgetSession(withFrontend: true)
        #expect(session.run("""
            out = Output()
            with out:
                print('inside')
            """) == nil)
        let id = try #require(session.messages.first { $0.type == "comm_open" && $0.content["data"]["state"]["_model_name"] == "OutputModel" }?.content["comm_id"])
        let states = session.messages.filter { $0.content["comm_id"] == id && $0.type == "comm_msg" }.map { $0.content["data"]["state"]["msg_id"] }
        #expect(states == ["request-1", ""])
        #expect(session.sink.stdout == "inside\n")
        // An exception in the block is shown (with its frames) and goes no further, as
        // ipywidgets in a kernel.
        #expect(session.run("def broken():\n    return 1 / 0\nwith out:\n    broken()\nprint('after')") == nil)
        #expect(session.sink.errors.map(\.kind) == ["ZeroDivisionError"])
        #expect(session.sink.errors.first?.frames.isEmpty == false)
        #expect(session.sink.stdout.hasSuffix("after\n"))
    }

    @Test func interactRunsAgainOnAFrontendChange() throws {
        let session = WidgetSession(withFrontend: true)
        #expect(session.run("""
            def show(stride, mode):
                print(f'stride={stride} mode={mode}')
            interact(show, stride=(1, 4), mode=['zeros', 'reflect'])
            """) == nil)
        #expect(session.sink.stdout.hasPrefix("stride=2 mode=zeros\n"))
        let stride = try #require(session.commID(where: "description", is: "stride", model: "IntSliderModel"))
        session.request.withLock { $0 = ["msg_id": "comm-msg-7"] }
        session.frontendUpdate(stride, ["value": 3])
        #expect(session.sink.stdout.hasSuffix("stride=3 mode=zeros\n"))
        #expect(session.sink.clears == [true, true])
        let output = try #require(session.messages.first { $0.type == "comm_open" && $0.content["data"]["state"]["_model_name"] == "OutputModel" }?.content["comm_id"])
        let captures = session.messages.filter { $0.content["comm_id"] == output && $0.type == "comm_msg" }.map { $0.content["data"]["state"]["msg_id"] }
        #expect(captures == ["request-1", "", "comm-msg-7", ""])
    }

    @Test func aWidgetIsTheSameObjectEachTimeAndDisplaysItsView() {
        let session = WidgetSession(withFrontend: true)
        #expect(session.run("""
            a = IntSlider()
            box = HBox([a])
            assert box.children[0] is a
            display(a)
            """) == nil)
        #expect(session.sink.stdout == "IntSlider(value=0)\n")
    }
}
