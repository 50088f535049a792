import ArgumentParser

/// Which pass a row of `convlab bench` times.
enum BenchDirection: String, Sendable, CaseIterable {
    /// The layer alone, without bias.
    case forward
    /// The layer with a bias, then the input's, the weight's and the bias's gradients
    /// (PyTorch's `y.backward(g)` with all three requiring grad).
    case backward
}

/// `convlab bench --direction`: one direction or both.
enum BenchDirectionChoice: String, ExpressibleByArgument, CaseIterable {
    case forward, backward, both

    var directions: [BenchDirection] {
        switch self {
        case .forward: [.forward]
        case .backward: [.backward]
        case .both: [.forward, .backward]
        }
    }
}
