import ConvEngine
import Testing
@testable import ConvLang
@testable import ConvRender

@Suite struct TensorHTMLTests {
    @Test func oneTablePerSliceWithCaptionAndValues() throws {
        let x = try Tensor.arange(end: .int(8)).converted(to: .float32).reshaped([2, 2, 2])
        let html = TensorHTML.render(x)
        #expect(html.contains("tensor of shape [2, 2, 2], torch.float32"))
        #expect(html.components(separatedBy: "<table").count - 1 == 2)
        #expect(html.contains("<code>[1, :, :]</code>"))
        #expect(html.contains(">7.</td>"))
        // Shaded from the smallest value (white) to the largest (135, 135, 255), the
        // cells' look given once.
        #expect(html.contains("<td style=\"background:#ffffff\">0.</td>"))
        #expect(html.contains("<td style=\"background:#8787ff\">7.</td>"))
        #expect(html.components(separatedBy: "<style>").count == 2)
    }

    @Test func largeTensorsAreCapped() throws {
        let x = try Tensor.zeros([10, 20, 20])
        let html = TensorHTML.render(x)
        #expect(html.components(separatedBy: "<td").count - 1 <= TensorHTML.cellLimit)
        #expect(html.contains("more slices not drawn (4000 values in all)"))
    }

    @Test func bundlesAlwaysCarryPlainText() throws {
        #expect(MimeBundle.render(.int(3)) == ["text/plain": "3"])
        let bundle = MimeBundle.render(.tensor(TensorBox(try Tensor.ones([2]))))
        #expect(bundle["text/plain"] == "tensor([1., 1.])")
        #expect(bundle["text/html"]?.hasPrefix("<div class=\"convlab-tensor\">") == true)
    }

    /// A host object (a widget) publishes its own bundle: its own text/plain when it
    /// gives one (ipywidgets cuts a long repr there), else its repr.
    @Test func hostObjectsPublishTheirBundleWithTheirRepr() {
        final class View: HostObject {
            static let cls = ClassObject.host("View", module: "demo", constructor: nil)
            var hostClass: ClassObject { Self.cls }
            var reprText: String { "View()" }
            func mimeBundle() -> [String: String]? { ["application/vnd.jupyter.widget-view+json": "{\"model_id\": \"m\"}", "text/plain": "other"] }
        }
        final class Plain: HostObject {
            var hostClass: ClassObject { View.cls }
        }
        #expect(MimeBundle.render(.host(View())) == ["application/vnd.jupyter.widget-view+json": "{\"model_id\": \"m\"}", "text/plain": "other"])
        let plain = Plain()
        #expect(MimeBundle.render(.host(plain)).keys.sorted() == ["text/plain"])
        #expect(MimeBundle.render(.host(plain))["text/plain"]?.hasPrefix("<demo.View object at 0x") == true)
    }
}

@Suite struct LayerHTMLTests {
    @Test func layersShowTheirReprAndWeightShapes() throws {
        let session = RenderSession()
        let result = session.interpreter.run("nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1)")
        let value = try #require(result.value)
        let bundle = MimeBundle.render(value)
        #expect(bundle["text/plain"] == "ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))")
        let html = try #require(bundle["text/html"])
        #expect(html.contains("<code>ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))</code>"))
        #expect(html.contains("<td style=\"padding:2px 8px\">weight</td><td style=\"padding:2px 8px\">[4, 2, 3, 3]</td>"))
        #expect(html.contains("(in_channels, out_channels / groups, kH, kW)"))
        #expect(html.contains("74 parameters"))
        let census = XMLCensus(html)
        #expect(census.elements["tr"] == 3)
    }
}

extension TensorHTMLTests {
    /// An int64 tensor holding Int64.max: its cells are written from the integers
    /// (through a double, the value is 2^63 and did not convert back).
    @Test func int64ExtremesAreWrittenExactly() throws {
        let session = RenderSession()
        let result = session.interpreter.run("torch.tensor([2**62, -5]) * 2 - 1")
        let value = try #require(result.value)
        let html = try #require(MimeBundle.render(value)["text/html"])
        #expect(html.contains(">9223372036854775807<"))
        #expect(html.contains(">-11<"))
    }
}
