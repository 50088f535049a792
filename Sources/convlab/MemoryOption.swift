import ArgumentParser
import ConvEngine

/// `--max-memory`: the bytes a session's tensors may hold together, shared by
/// `convlab kernel` and `convlab run`.
struct MemoryOption: ParsableArguments {
    @Option(help: ArgumentHelp("The most bytes the session's tensors may hold together (1GiB, 512MiB, or bytes); past it an allocation raises PyTorch's error.",
                               discussion: "Default: 80 % of the smaller of physical memory and the control group's limit, at most half the room under the address-space limit."))
    var maxMemory: String?

    func validate() throws { _ = try budget() }

    /// `--max-memory` in bytes, else ``SystemMemory/defaultBudget()``.
    func budget() throws -> Int {
        guard let maxMemory else { return SystemMemory.defaultBudget() }
        do { return try MemorySize.bytes(maxMemory) } catch { throw ValidationError("--max-memory: \(error)") }
    }

    /// The budget for a person: its size and where it comes from.
    func describe(_ budget: Int) -> String {
        let origin: String
        if maxMemory != nil {
            origin = "from --max-memory"
        } else if let room = SystemMemory.addressSpaceRoom(), Double(room) * SystemMemory.addressSpaceShare <= Double(budget) + 1 {
            origin = "half the room under the address-space limit (\(MemorySize.describe(room)))"
        } else {
            origin = "80 % of the memory the system gives (\(MemorySize.describe(SystemMemory.available())))"
        }
        return "memory budget \(MemorySize.describe(budget)) (\(budget) bytes) for tensors, \(origin)"
    }
}
