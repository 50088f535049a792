import ConvEngine

/// An `nn.Module`, held by reference as in PyTorch: its parameters, buffers and
/// sub-modules by name in the order they were registered, its `training` flag, and
/// its kind, which gives its class name and its `forward`.
///
/// ```python
/// net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU())
/// net[0].weight          # a Parameter in net[0]._parameters
/// net.state_dict()       # OrderedDict([('0.weight', ...), ('0.bias', ...)])
/// ```
///
/// Attribute reads and writes go through ``ModuleAttributes``, which registers
/// parameters, modules and buffers as PyTorch's `Module.__setattr__` does.
public final class ModuleObject: CycleTracked, @unchecked Sendable {
    /// What the module is: its class name, `forward` and `extra_repr` come from here.
    public var kind: ModuleKind
    /// `_parameters`: name to `Parameter` (or `None`), in registration order.
    public var parameters: OrderedTable<TensorBox?> = OrderedTable()
    /// `_buffers`: name to tensor (or `None`), such as BatchNorm's `running_mean`.
    public var buffers: OrderedTable<TensorBox?> = OrderedTable()
    /// The buffers `state_dict()` leaves out (`register_buffer(..., persistent=False)`).
    public var nonPersistentBuffers: Set<String> = []
    /// `_modules`: name to sub-module (or `None`), in registration order.
    public var modules: OrderedTable<ModuleObject?> = OrderedTable()
    /// Other attributes set on the module (its `__dict__` beyond the tables).
    public var attributes: OrderedTable<Value> = OrderedTable()
    /// `training`: `True` after construction and `train()`, `False` after `eval()`.
    public var training = true
    /// Whether `Module.__init__` has run: a user's module registers parameters and
    /// sub-modules only after `super().__init__()`, as in PyTorch.
    public var initialized = true

    public init(_ kind: ModuleKind) {
        self.kind = kind
        super.init()
    }

    /// PyTorch's `type(m).__name__`: `Conv2d`, `Sequential`.
    public var className: String {
        switch kind {
        case .native(let native): native.className
        case .user(let cls): cls.name
        }
    }

    /// `torch.nn.modules.conv.Conv2d`: where PyTorch defines the class (what `type(m)` shows).
    public var qualifiedClassName: String {
        let name = className
        let file: String = switch name {
        case _ where name.hasPrefix("Conv"): "conv"
        case _ where name.hasPrefix("BatchNorm"): "batchnorm"
        case _ where name.hasPrefix("MaxPool") || name.hasPrefix("AvgPool"): "pooling"
        case "Sequential", "ModuleList": "container"
        case "Linear", "Identity": "linear"
        case "ReLU", "LeakyReLU", "Tanh", "Sigmoid": "activation"
        case "Flatten", "Unflatten": "flatten"
        case "Dropout": "dropout"
        case "PixelShuffle", "PixelUnshuffle": "pixelshuffle"
        case "Upsample": "upsampling"
        case "MSELoss", "L1Loss": "loss"
        default: ""
        }
        return file.isEmpty ? name : "torch.nn.modules.\(file).\(name)"
    }

    /// The native module class, when the module is one.
    public var native: (any NativeModule)? {
        switch kind {
        case .native(let native): native
        case .user: nil
        }
    }

    /// The user's class, when the module is an instance of a `class Net(nn.Module)`.
    public var userClass: ClassObject? {
        if case .user(let cls) = kind { cls } else { nil }
    }

    /// The parameter `name` (`weight`), when set and not `None`.
    public func parameter(_ name: String) -> TensorBox? { parameters[name] ?? nil }

    /// The buffer `name` (`running_mean`), when set and not `None`.
    public func buffer(_ name: String) -> TensorBox? { buffers[name] ?? nil }

    /// The sub-modules that are not `None`, with their names.
    public var children: [(name: String, module: ModuleObject)] {
        modules.entries.compactMap { entry in entry.value.map { (entry.key, $0) } }
    }
}

/// What kind of module a ``ModuleObject`` is.
///
/// A module class ConvLang implements natively (`Conv2d`, `ReLU`, `Sequential`), or a
/// user's `class Net(nn.Module)`, whose class name, `forward` and `extra_repr` come
/// from the class.
public enum ModuleKind: @unchecked Sendable {
    case native(any NativeModule)
    case user(ClassObject)
}

/// A module class ConvLang implements: its name, its configuration (the attributes
/// PyTorch's `__init__` sets, such as `in_channels`), `extra_repr` and `forward`.
public protocol NativeModule: Sendable {
    /// `Conv2d`, `ReLU`, ...
    var className: String { get }
    /// The configuration attributes by name, in the order `__init__` sets them. They
    /// are fixed once the module is built.
    var fields: [(name: String, value: Value)] { get }
    /// PyTorch's `extra_repr()`: what goes between the parentheses of the repr.
    func extraRepr(_ module: ModuleObject) -> String
    /// `forward`, with the module as the call's receiver.
    var forward: Builtin { get }
}

extension NativeModule {
    var fields: [(name: String, value: Value)] { [] }
    func extraRepr(_ module: ModuleObject) -> String { "" }
}

/// A small dictionary that keeps insertion order, as Python's `dict` does: setting an
/// existing key keeps its place.
public struct OrderedTable<Element>: Sendable where Element: Sendable {
    public private(set) var entries: [(key: String, value: Element)] = []

    public init() {}

    public var keys: [String] { entries.map(\.key) }
    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    public func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }

    public subscript(_ key: String) -> Element? { entries.first { $0.key == key }?.value }

    /// Sets `key`, keeping its place when it is already there.
    public mutating func set(_ key: String, _ value: Element) {
        if let i = entries.firstIndex(where: { $0.key == key }) { entries[i].value = value } else { entries.append((key, value)) }
    }

    /// Removes `key` if present.
    public mutating func remove(_ key: String) { entries.removeAll { $0.key == key } }

    /// Keeps the first `count` entries.
    public mutating func truncate(to count: Int) { entries.removeLast(max(0, entries.count - count)) }

    /// Gives the table its own copy of its entries when another holder shares them
    /// (what the cycle collector needs before it counts references).
    mutating func makeStorageUnique() { entries.withUnsafeMutableBufferPointer { _ in } }
}
