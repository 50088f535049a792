import ConvEngine
import Foundation
import Testing
@testable import ConvLang
@testable import ConvRender

@Suite struct MatrixAndStepsTests {
    /// E10: a 3x3 kernel on a 4x4 input is a 4x16 matrix; its transpose is the
    /// transposed convolution of a 2x2 input.
    @Test func articleE10MatrixAndItsTranspose() throws {
        let session = RenderSession()
        _ = session.interpreter.run("K = torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]])")
        let c = try session.rich("matrix(F.conv2d, input=torch.arange(16.).reshape(1, 1, 4, 4), kernel=K)")
        #expect(c.plainText == """
            conv2d as a matrix product: vec(y) = C vec(x)
            C is 4 x 16: one row per output element (1x2x2), one column per input element
              (1x4x4), row-major
            C vec(x) equals F.conv2d(x, weight): True

            1 2 3 . 4 5 6 . 7 8 9 . . . . .
            . 1 2 3 . 4 5 6 . 7 8 9 . . . .
            . . . . 1 2 3 . 4 5 6 . 7 8 9 .
            . . . . . 1 2 3 . 4 5 6 . 7 8 9
            """)
        let ct = try session.rich("matrix(F.conv_transpose2d, input=torch.ones(1, 1, 2, 2), kernel=K)")
        #expect(ct.plainText.contains("C^T is 16 x 4"))
        #expect(ct.plainText.contains("C^T vec(x) equals F.conv_transpose2d(x, weight): True"))
        _ = XMLCensus(try #require(ct.bundle["text/html"]))
    }

    @Test func numberedKernelAndLimits() throws {
        let session = RenderSession()
        let text = try session.rich("matrix(F.conv1d, input=5, kernel_size=3, stride=2)").plainText
        #expect(text.contains("numbered 1, 2, 3"))
        #expect(text.hasSuffix("1 2 3 . .\n. . 1 2 3"))
        let refused = try #require(session.failure("matrix(F.conv2d, input=16, kernel_size=3)"))
        #expect(refused.message.hasPrefix("the matrix would be 196 x 256"))
    }

    /// E11: scatter-add of X = [[0,1],[2,3]] with K = [[0,1],[2,3]].
    @Test func articleE11ScatterSteps() throws {
        let session = RenderSession()
        _ = session.interpreter.run("X = torch.tensor([[[[0., 1.], [2., 3.]]]]); K = torch.tensor([[[[0., 1.], [2., 3.]]]])")
        let out = try session.rich("steps(F.conv_transpose2d, X, K, method='scatter')")
        let text = out.plainText
        #expect(text.contains("x[0, 0, 1, 1] = 3.0 times the kernel, placed at [1, 1] (position x stride)\ntensor([[0., 0., 0.],\n        [0., 0., 3.],\n        [0., 6., 9.]])"))
        #expect(text.contains("the result: nothing to crop (padding 0)\ntensor([[ 0.,  0.,  1.],\n        [ 0.,  4.,  6.],\n        [ 4., 12.,  9.]])"))
        #expect(text.hasSuffix("matches F.conv_transpose2d(x, weight) (fast path): True, largest difference 0.0"))
        _ = XMLCensus("<div>" + (try #require(out.bundle["text/html"])) + "</div>")
    }

    /// E14: 3x3 -> 5x5 with k=3, s=2, p=1: zeros inserted to 5x5, padded to 7x7.
    @Test func articleE14ZeroInsertionSteps() throws {
        let session = RenderSession()
        let text = try session.rich("steps(nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1), torch.ones(1, 1, 3, 3), method='zero_insert')").plainText
        #expect(text.contains("1. insert stride-1 = [1, 1] zeros between neighbours: 3x3 -> 5x5\ntensor([[1., 0., 1., 0., 1.],"))
        #expect(text.contains("2. pad each side by dilation*(kernel-1) - padding = [1, 1]: 7x7\ntensor([[0., 0., 0., 0., 0., 0., 0.],\n        [0., 1., 0., 1., 0., 1., 0.],"))
        #expect(text.contains("4. convolve step 2 with step 3, stride 1, plus the bias: 5x5"))
        #expect(text.contains("(fast path): True"))
        Snapshot.check(try session.rich("steps(F.conv_transpose2d, torch.tensor([[[[1., 2.], [4., 5.]]]]), torch.tensor([[[[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]]]]), method='zero_insert')").plainText,
                       named: "steps_e9_zero_insert")
    }

    @Test func stepsRefusals() throws {
        let session = RenderSession()
        #expect(session.failure("steps(nn.Conv2d(1, 1, 3), torch.ones(1, 1, 4, 4))")?.message.hasPrefix("steps() shows the formulations of a transposed convolution") == true)
        #expect(session.failure("steps(nn.ConvTranspose2d(1, 1, 3), torch.ones(1, 1, 4, 4), method='fast')")?.message
            == "steps() method must be 'scatter' or 'zero_insert', not 'fast'")
        #expect(session.failure("steps(F.conv_transpose2d, torch.ones(1, 1, 4, 4))")?.message == "steps() needs weight (the kernel tensor) for a function")
    }
}

extension MatrixAndStepsTests {
    /// Arguments the fuzz test found trapping: a kernel_size whose product overflows,
    /// and a weight too low in rank to have input channels.
    @Test func extremeKernelsAndLowRankWeightsAreRefused() {
        let session = RenderSession()
        #expect(session.failure("matrix(F.conv2d, input=4, kernel_size=2**40)")?.kind == "LimitError")
        #expect(session.failure("matrix(F.conv2d, input=4, kernel_size=-3)") != nil)
        #expect(session.failure("steps(F.conv2d, input=3, weight=torch.ones(3))")?.kind == "RuntimeError")
        #expect(session.failure("matrix(F.conv2d, input=4, kernel=torch.tensor(1.0))")?.kind == "RuntimeError")
        #expect(session.failure("steps(F.conv2d, input=3, weight=torch.ones(1, 3, 2, 2), groups=2**62)")?.kind == "LimitError")
    }
}
