/// IPython's history tables, as `HistoryAccessor.init_db` creates them, so that
/// IPython's own tools (`HistoryAccessor(hist_file=...)`) read the file.
enum HistorySchema {
    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS sessions (session integer
                        primary key autoincrement, start timestamp,
                        end timestamp, num_cmds integer, remark text)
        """,
        """
        CREATE TABLE IF NOT EXISTS history
                (session integer, line integer, source text, source_raw text,
                PRIMARY KEY (session, line))
        """,
        """
        CREATE TABLE IF NOT EXISTS output_history
                        (session integer, line integer, output text,
                        PRIMARY KEY (session, line))
        """,
    ]
}
