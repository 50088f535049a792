import ConvEngine
import ConvLang
import JupyterKernel

/// `input()` in a kernel: asks the frontend over the Jupyter stdin channel, as
/// ipykernel's `raw_input` and `getpass` do. The prompt is the frontend's to show (it is
/// not written to the cell's output), an interrupt ends the wait, and a frontend that
/// sent its request without `allow_stdin` gets `StdinNotImplementedError`.
struct KernelInput: InputSource {
    let channel: StdinChannel

    /// ipykernel's `getpass` asks with an empty prompt by default.
    var passwordPrompt: String { "" }

    func readLine(prompt: String, password: Bool, output: OutputSink, cancellation: CancellationFlag) throws(InputFailure) -> String {
        do {
            return try channel.requestInput(prompt: prompt, password: password) { cancellation.isCancelled }
        } catch {
            switch error {
            case .notAllowed: throw .notSupported
            case .interrupted: throw .interrupted
            case .endOfFile: throw .endOfFile("")
            }
        }
    }
}
