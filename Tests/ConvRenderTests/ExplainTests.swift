import ConvEngine
import Foundation
import Testing
@testable import ConvLang
@testable import ConvRender

@Suite struct ExplainTests {
    final class Sink: OutputSink, @unchecked Sendable {
        var text = ""
        func write(_ text: String, to stream: OutputChannel) { self.text += text }
        func display(_ value: Value) {}
    }

    func explain(_ code: String) throws -> RichOutput {
        let interpreter = Interpreter(output: Sink(), extensions: TeachingBuiltins.all)
        let result = interpreter.run(code)
        if let error = result.error { throw error }
        guard case .rich(let output)? = result.value else { throw RenderSession.NotRich(value: result.value.map { $0.reprText } ?? "no value") }
        return output
    }

    @Test func convolutionShowsTheUnusedRowAndTheInverse() throws {
        let out = try explain("explain(nn.Conv1d(1, 1, 3, stride=2), input=8)")
        #expect(out.plainText == """
            conv1d: input [1, 1, 8] -> output [1, 1, 3]

            length: input 8, kernel 3, stride 2, padding 0, dilation 1
              padded size 8 + 0 + 0 = 8; the kernel spans 1*(3-1)+1 = 3
              windows: floor((8 - 3) / 2) + 1 = 3
              1 position at the end never read (5 is not a multiple of stride 2)
              inputs 7 to 8 all give 3
              back: ConvTranspose with kernel 3, stride 2, padding 0, output_padding 1 maps 3 to 8
            """)
        #expect(out.bundle["text/markdown"]?.contains("\\left\\lfloor \\frac{8 + 0 + 0 - 1(3-1) - 1}{2} \\right\\rfloor + 1 = 3") == true)
    }

    @Test func transposedShowsZerosPaddingAndTheFormula() throws {
        let out = try explain("explain(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1, output_padding=1)")
        let text = out.plainText
        #expect(text.hasPrefix("conv_transpose2d: input [1, 1, 3, 3] -> output [1, 1, 6, 6]"))
        #expect(text.contains("  1. insert stride-1 = 1 zero between neighbours: (3-1)*2+1 = 5"))
        #expect(text.contains("  2. pad each side by dilation*(kernel-1) - padding = 1*(3-1) - 1 = 1"))
        #expect(text.contains("     and add output_padding 1 on the far side\n     size 5 + 2*(1) + 1 = 8"))
        #expect(text.contains("  3. convolve with stride 1 and the kernel flipped (span 1*(3-1)+1 = 3): 8 - 3 + 1 = 6"))
        #expect(text.components(separatedBy: "\n").allSatisfy { $0.count <= 100 })
        #expect(out.bundle["text/markdown"]?.contains("$$o = (i-1)s - 2p + d(k-1) + o_p + 1 = (3-1)\\cdot 2 - 2\\cdot 1 + 1(3-1) + 1 + 1 = 6$$") == true)
    }

    @Test func croppingAndThreeDimensions() throws {
        #expect(try explain("explain(F.conv_transpose2d, input=(3, 3), kernel_size=1, padding=1)").plainText
            .contains("2. crop 1 from each side"))
        let threeD = try explain("explain(nn.ConvTranspose3d(2, 2, 3, stride=2), input=torch.zeros(1, 2, 4, 4, 4))").plainText
        #expect(threeD.contains("depth: input 4") && threeD.contains("height: input 4") && threeD.contains("width: input 4"))
    }

    @Test func refusalsAreDiagnostics() throws {
        #expect(throws: Diagnostic.self) { try explain("explain(F.conv2d, input=4)") }
        #expect(throws: Diagnostic.self) { try explain("explain(3, input=4)") }
        let pytorch = #expect(throws: Diagnostic.self) {
            try explain("explain(F.conv_transpose2d, input=3, kernel_size=3, stride=2, output_padding=2)")
        }
        #expect(pytorch?.message.hasPrefix("output padding must be smaller than either stride or dilation") == true)
    }

    @Test func theBundleCarriesPlainTextAndMarkdown() throws {
        let bundle = MimeBundle.render(.rich(try explain("explain(F.conv2d, input=7, kernel_size=3, stride=2)")))
        #expect(Set(bundle.keys) == ["text/plain", "text/markdown"])
    }
}
