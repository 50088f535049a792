/// The `torch.nn` module classes beyond the convolutions (`Sequential`, `ReLU`,
/// `BatchNorm2d`, ...), each a constructor returning a ``ModuleObject``.
enum NNModuleBuiltins {
    static let all: [Builtin] = ContainerModules.constructors + (1...3).map(BatchNormModule.constructor)
}
