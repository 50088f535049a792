import Testing
@testable import ConvLang

/// `torch.set_printoptions` belongs to its session, and applies to cell values too.
@Suite struct PrintOptionsTests {
    @Test func optionsApplyToPrintAndToTheCellValue() throws {
        let s = Session()
        try s.run("torch.set_printoptions(precision=2)\nprint(torch.tensor([1.23456]))")
        #expect(s.sink.stdout == "tensor([1.23])\n")
        #expect(try s.run("torch.tensor([1.23456])") == "tensor([1.23])")
        try s.run("torch.set_printoptions(profile='default')")
        #expect(try s.run("torch.tensor([1.23456])") == "tensor([1.2346])")
    }

    @Test func sessionsDoNotShareOptions() throws {
        let a = Session(), b = Session()
        try a.run("torch.set_printoptions(threshold=5, sci_mode=True)")
        #expect(try a.run("torch.arange(10.)") == "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 7.0000e+00, 8.0000e+00,\n        9.0000e+00])")
        #expect(try b.run("torch.arange(10.)") == "tensor([0., 1., 2., 3., 4., 5., 6., 7., 8., 9.])")
        #expect(a.interpreter.printOptions.sciMode == true && b.interpreter.printOptions == .default)
        // Outside any session, PyTorch's defaults.
        #expect(PrintOptions.current == .default)
    }

    @Test func devicesPrintAsPyTorchShowsThem() throws {
        let s = Session()
        #expect(try s.run("torch.ones(1).device") == "device(type='cpu')")
        #expect(try s.run("str(torch.ones(1).device)") == "'cpu'")
        #expect(s.failure("torch.device('cuda')")?.message == "ConvLab computes on the CPU only; torch.device('cuda') is not available")
    }
}
