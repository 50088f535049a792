/// What autograd knows of one tensor (PyTorch's `AutogradMeta`): whether it requires a
/// gradient, the node that made it, and the gradient accumulated into it.
///
/// Every ``Tensor`` carries one; copies of the struct share it, as Python references
/// to one tensor do, and a view made by an operation gets its own. The language reads
/// and sets it through ``Tensor``'s autograd API (`requires_grad`, `grad`, `grad_fn`).
public final class AutogradMeta: @unchecked Sendable {
    /// Set on a leaf by `requires_grad=True` / `requires_grad_()`.
    var requiresGradFlag = false
    /// The node whose output this tensor is; `nil` for a leaf.
    var gradFn: GradientNode?
    /// Which of ``gradFn``'s outputs this tensor is (`output_nr`).
    var outputNumber = 0
    /// The gradient accumulated by backward passes (`.grad`).
    var grad: Tensor?
    /// Whether a non-leaf keeps its gradient (`retain_grad()`).
    var retainsGrad = false
    /// The leaf's `AccumulateGrad` node while some graph uses it: every graph that uses
    /// the leaf shares one, as in PyTorch.
    weak var accumulator: GradientNode?
    /// The language's object for ``grad`` (Python's `x.grad is x.grad`), kept while
    /// the gradient is the same tensor. Opaque to the engine, like PyTorch's PyObject slot.
    public var gradObject: AnyObject?
    /// The language's object for the tensor itself, while it lives (what
    /// `AccumulateGrad.variable` hands back). Opaque to the engine.
    public weak var languageObject: AnyObject?
    /// Whether the tensor shares its elements with another without autograd knowing
    /// (`detach()`, `.data`): a write into it does not change the other's history.
    var isDetachedAlias = false
    /// For a view: the version of the shared elements when its history was last set;
    /// once an in-place write elsewhere changes it, the history is regenerated from the
    /// base's (PyTorch's view `attr_version`).
    var viewVersion: Int?
    /// The buffers this tensor is the base of (``TensorBuffer/makeBase(_:layout:)``),
    /// unretained: a buffer takes itself out when it goes, and this takes itself out of
    /// each when it goes.
    var baseBuffers = BaseBuffers()

    init() {}

    deinit { baseBuffers.forEach { $0.forgetBase(self) } }
}
