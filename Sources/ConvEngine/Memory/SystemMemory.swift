import Foundation

/// The memory this process may use, as the system reports it: the machine's physical
/// memory and the limit of its control group (a container's `--memory`), whichever is
/// smaller, and the room left under its address-space limit (`ulimit -v`, `prlimit --as`).
public enum SystemMemory {
    /// The share of ``available()`` a session's tensors get by default: 80 %, so that the
    /// kernel itself, its messages and the system keep the rest.
    public static let defaultBudgetShare = 0.8

    /// The share of the room under an address-space limit a session's tensors get by
    /// default: half, as an operation's temporaries can be as large as its operands and
    /// a refused allocation outside the budget's checks ends the process.
    public static let addressSpaceShare = 0.5

    /// The default budget: ``defaultBudgetShare`` of the smaller of physical memory and
    /// the control group's limit, and at most ``addressSpaceShare`` of the room under
    /// the address-space limit.
    public static func defaultBudget() -> Int {
        let memory = Double(available()) * defaultBudgetShare
        let addressSpace = addressSpaceRoom().map { Double($0) * addressSpaceShare } ?? .infinity
        return Int(min(memory, addressSpace))
    }

    /// The smaller of physical memory and the control group's limit, in bytes.
    public static func available() -> Int {
        min(physical(), cgroupLimit() ?? Int.max)
    }

    /// What the process's address-space limit (`RLIMIT_AS`) leaves beyond the address
    /// space it maps now (`VmSize`); `nil` when there is no limit.
    public static func addressSpaceRoom() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
              limit.rlim_cur < UInt(Int.max) else { return nil }
        return max(0, Int(limit.rlim_cur) - (mappedBytes() ?? 0))
    }

    /// The address space the process maps now (`VmSize` of `/proc/self/status`), in bytes.
    static func mappedBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmSize:") }) else { return nil }
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
        return kilobytes.map { $0 * 1024 }
    }

    /// The machine's physical memory in bytes.
    public static func physical() -> Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return Int.max }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: size)
        return overflow ? Int.max : bytes
    }

    /// The control group's memory limit in bytes (cgroup v2 `memory.max`, else v1
    /// `memory.limit_in_bytes`); `nil` when there is none or it cannot be read.
    public static func cgroupLimit(root: String = "/sys/fs/cgroup") -> Int? {
        for file in ["memory.max", "memory/memory.limit_in_bytes", "memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8) else { continue }
            return parseLimit(text)
        }
        return nil
    }

    /// A limit file's value: bytes, or `nil` for `max` (v2) and v1's "no limit" (a value
    /// near `Int64.max`, rounded down to a page).
    static func parseLimit(_ text: String) -> Int? {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Int(value), bytes > 0, bytes < Int.max / 2 else { return nil }
        return bytes
    }
}
