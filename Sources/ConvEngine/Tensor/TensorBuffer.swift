/// The elements that one tensor and all its views share (PyTorch's `StorageImpl`).
///
/// A tensor is a ``TensorLayout`` over a buffer: slicing, `view`, `transpose`, `expand`
/// and the other view operations make new tensors over the same buffer, so a write
/// through any of them is seen by all (`v = x.view(12); v[0] = 7` changes `x`).
/// The elements live in one typed Swift array, written in place.
public final class TensorBuffer: @unchecked Sendable {
    /// The elements, in storage order.
    public private(set) var storage: TensorStorage

    /// The autograd state of the tensor the buffer was made for (its base), while it
    /// lives: the other tensors over it are its views.
    ///
    /// Held unretained rather than `weak`: a weak reference gives its object a side
    /// table, which puts every retain and release of every tensor's ``AutogradMeta`` on
    /// the runtime's slow path. The base and its buffers name each other unretained
    /// (``AutogradMeta/baseBuffers``), and whichever goes first clears the other's
    /// reference (``forgetBase(_:)``, the buffer's `deinit`), so neither is ever
    /// dangling and neither keeps the other alive.
    private var base: Unmanaged<AutogradMeta>?
    /// The base's sizes, strides and offset over the buffer, which a write into one of
    /// its views is placed by (`CopySlices`).
    private(set) var baseLayout = TensorLayout(shape: [], strides: [], offset: 0)

    /// The budget the buffer's bytes are counted in (its context's), and those bytes.
    private let budget: MemoryBudget
    private let chargedBytes: Int

    /// A buffer over `storage`, whose bytes are charged to the current context's
    /// ``EngineContext/memoryBudget`` until the buffer is freed.
    init(_ storage: TensorStorage) {
        self.storage = storage
        budget = EngineContext.current.memoryBudget
        chargedBytes = storage.count * storage.dtype.itemSize
        budget.charge(chargedBytes)
    }

    deinit {
        baseAutograd?.baseBuffers.remove(self)
        budget.release(chargedBytes)
    }

    /// The element type.
    public var dtype: DType { storage.dtype }
    /// The number of elements the buffer holds (`untyped_storage().nbytes()` over the item size).
    public var count: Int { storage.count }

    /// A stable number that stands for the buffer's first byte (`data_ptr()` of a tensor
    /// at storage offset 0): distinct for distinct live buffers, equal for views.
    public var address: Int { Int(bitPattern: Unmanaged.passUnretained(self).toOpaque()) }

    /// The autograd state of the buffer's base while it lives (``makeBase(_:layout:)``).
    var baseAutograd: AutogradMeta? { base?.takeUnretainedValue() }

    /// Whether `meta` is the buffer's base, compared without retaining it (as
    /// ``AutogradMeta``'s `deinit` asks).
    func isBase(_ meta: AutogradMeta) -> Bool { base?.toOpaque() == Unmanaged.passUnretained(meta).toOpaque() }

    /// Makes `meta`, with `layout` over the buffer, the buffer's base: the tensor whose
    /// history a write into one of its views is recorded in. A tensor may be the base of
    /// several buffers (a module's `to(dtype)` gives a parameter new elements, and views
    /// of its old ones still write through it, as in PyTorch); the buffer's previous base
    /// stops naming it.
    func makeBase(_ meta: AutogradMeta, layout: TensorLayout) {
        if let replaced = baseAutograd, replaced !== meta { replaced.baseBuffers.remove(self) }
        base = Unmanaged.passUnretained(meta)
        meta.baseBuffers.insert(self)
        baseLayout = layout
    }

    /// The base's layout after an in-place change of its own sizes or strides.
    func updateBaseLayout(of meta: AutogradMeta, to layout: TensorLayout) {
        if isBase(meta) { baseLayout = layout }
    }

    /// Forgets `meta` as the base, if it is (its tensor is gone).
    func forgetBase(_ meta: AutogradMeta) {
        if isBase(meta) { base = nil }
    }

    /// Changes the elements in place.
    func write<W: StorageWriter>(_ writer: W) { storage.write(writer) }
}

/// How many times the elements shared by a tensor and its views have been written in
/// place (PyTorch's `VariableVersion`, `x._version`). Autograd compares it with the
/// count it saw when it saved a tensor.
public final class VersionCounter: @unchecked Sendable {
    public private(set) var value = 0

    public init() {}

    func bump() { value &+= 1 }
}

extension TensorStorage {
    /// The elements' bytes in memory order (little-endian), as `untyped_storage()` shows them.
    public var bytes: [UInt8] { read(ByteReader()) }
}

private struct ByteReader: StorageReader {
    func read<E: TensorElement>(_ values: [E]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }
}

/// The buffers a tensor is the base of (``TensorBuffer/makeBase(_:layout:)``), held
/// unretained: almost always one, kept without an array; more only where a tensor's
/// identity moved to new elements while views of its old ones remain.
struct BaseBuffers {
    private var first: Unmanaged<TensorBuffer>?
    private var more: [Unmanaged<TensorBuffer>] = []

    /// Whether the buffers include `buffer`, compared without retaining it.
    func contains(_ buffer: TensorBuffer) -> Bool {
        let address = Unmanaged.passUnretained(buffer).toOpaque()
        return first?.toOpaque() == address || more.contains { $0.toOpaque() == address }
    }

    mutating func insert(_ buffer: TensorBuffer) {
        guard !contains(buffer) else { return }
        if first == nil { first = Unmanaged.passUnretained(buffer) } else { more.append(Unmanaged.passUnretained(buffer)) }
    }

    /// Removes `buffer`, compared without retaining it (its `deinit` asks).
    mutating func remove(_ buffer: TensorBuffer) {
        let address = Unmanaged.passUnretained(buffer).toOpaque()
        if first?.toOpaque() == address {
            first = more.popLast()
        } else {
            more.removeAll { $0.toOpaque() == address }
        }
    }

    /// Each buffer, while the tensor lives (every one of them clears itself out as it goes).
    func forEach(_ body: (TensorBuffer) -> Void) {
        if let first { body(first.takeUnretainedValue()) }
        for buffer in more { body(buffer.takeUnretainedValue()) }
    }
}
