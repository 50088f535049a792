import Foundation

/// The memory this process may use, as the system reports it: the machine's physical
/// memory and the limit of its control group (a container's `--memory`), whichever is
/// smaller.
public enum SystemMemory {
    /// The share of ``available()`` a session's tensors get by default: 80 %, so that the
    /// kernel itself, its messages and the system keep the rest.
    public static let defaultBudgetShare = 0.8

    /// The default budget: ``defaultBudgetShare`` of ``available()``.
    public static func defaultBudget() -> Int {
        Int(Double(available()) * defaultBudgetShare)
    }

    /// The smaller of physical memory and the control group's limit, in bytes.
    public static func available() -> Int {
        min(physical(), cgroupLimit() ?? Int.max)
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
