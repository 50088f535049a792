import Foundation

/// The times IPython writes: `datetime.now().isoformat(" ")` for a session's start,
/// the UTC one for its end, and the UTC one with `:` as `.` in a corrupt file's name.
enum HistoryTime {
    private static func format(_ date: Date, _ zone: TimeZone, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    /// `2026-12-03 04:05:06.123456`, local time.
    static func local(_ date: Date = Date()) -> String {
        format(date, .current, "yyyy-MM-dd HH:mm:ss.SSSSSS")
    }

    /// `2026-12-03 04:05:06.123456+00:00`.
    static func utc(_ date: Date = Date()) -> String {
        format(date, TimeZone(identifier: "UTC")!, "yyyy-MM-dd HH:mm:ss.SSSSSS") + "+00:00"
    }

    /// `2026-12-03T04.05.06.123456+00.00`.
    static func fileStamp(_ date: Date = Date()) -> String {
        format(date, TimeZone(identifier: "UTC")!, "yyyy-MM-dd'T'HH.mm.ss.SSSSSS") + "+00.00"
    }
}
