/// The elements that one tensor and all its views share (PyTorch's `StorageImpl`).
///
/// A tensor is a ``TensorLayout`` over a buffer: slicing, `view`, `transpose`, `expand`
/// and the other view operations make new tensors over the same buffer, so a write
/// through any of them is seen by all (`v = x.view(12); v[0] = 7` changes `x`).
/// The elements live in one typed Swift array, written in place.
public final class TensorBuffer: @unchecked Sendable {
    /// The elements, in storage order.
    public private(set) var storage: TensorStorage

    /// The autograd state of the tensor the buffer was made for (its base): the other
    /// tensors over it are its views.
    weak var baseAutograd: AutogradMeta?
    /// The base's sizes, strides and offset over the buffer, which a write into one of
    /// its views is placed by (`CopySlices`).
    var baseLayout = TensorLayout(shape: [], strides: [], offset: 0)

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

    deinit { budget.release(chargedBytes) }

    /// The element type.
    public var dtype: DType { storage.dtype }
    /// The number of elements the buffer holds (`untyped_storage().nbytes()` over the item size).
    public var count: Int { storage.count }

    /// A stable number that stands for the buffer's first byte (`data_ptr()` of a tensor
    /// at storage offset 0): distinct for distinct live buffers, equal for views.
    public var address: Int { Int(bitPattern: Unmanaged.passUnretained(self).toOpaque()) }

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
