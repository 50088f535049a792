/// The integer arguments of the `torch.nn` operations (kernel sizes, strides,
/// paddings, factors, output sizes) refused beyond ConvLab's limit before any
/// arithmetic is done with them, so that an absurd value gives an error rather than
/// an overflow (the limit is the convolutions', 2^30).
enum ParameterLimits {
    static func check(_ parameters: KeyValuePairs<String, [Int]>) throws(EngineError) {
        let limit = ConvValidation.maxParameter
        for (name, values) in parameters where values.contains(where: { $0 > limit || $0 < -limit }) {
            throw .limit("\(name)=\(PythonFormat.list(values)) is beyond ConvLab's limit of \(limit)")
        }
    }
}
