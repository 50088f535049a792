/// Whether operations record gradients, as PyTorch's thread-local `GradMode` and
/// `InferenceMode` say: `torch.no_grad()`, `torch.enable_grad()`,
/// `torch.set_grad_enabled(mode)` and `torch.inference_mode()` change it for a block,
/// and restore what was before when the block ends.
///
/// One state per session (the language's interpreter owns one; a session runs on one
/// thread at a time), so that autograd reads the mode where the language sets it.
public final class GradMode: @unchecked Sendable {
    /// The mode at one moment: saved on entering a block, restored on leaving it.
    public struct State: Sendable, Hashable {
        /// `torch.is_grad_enabled()`.
        public var isGradEnabled: Bool
        /// `torch.is_inference_mode_enabled()`.
        public var isInferenceMode: Bool

        public init(isGradEnabled: Bool = true, isInferenceMode: Bool = false) {
            self.isGradEnabled = isGradEnabled
            self.isInferenceMode = isInferenceMode
        }
    }

    /// The current mode: gradients on, inference mode off, as a new PyTorch process starts.
    public var state = State()

    public init() {}

    /// `torch.is_grad_enabled()`.
    public var isGradEnabled: Bool { state.isGradEnabled }

    /// `torch.is_inference_mode_enabled()`.
    public var isInferenceMode: Bool { state.isInferenceMode }
}
