import ArgumentParser
import Foundation

/// `convlab kernelspec install`: writes kernel.json (and logos) where Jupyter looks.
struct Kernelspec: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage the ConvLab kernelspec.", subcommands: [Install.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Install the kernelspec, pointing at this convlab binary.")

        @Flag(help: "Install for the current user (~/.local/share/jupyter).") var user = false
        @Flag(help: "Install into the active Python environment (VIRTUAL_ENV or python3's sys.prefix).") var sysPrefix = false
        @Option(help: "Install under PREFIX/share/jupyter.") var prefix: String?

        func run() throws {
            let base: String
            if let prefix {
                base = prefix
            } else if sysPrefix {
                base = try Self.pythonPrefix()
            } else {
                base = (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + "/.local"
            }
            let directory = URL(fileURLWithPath: base).appendingPathComponent("share/jupyter/kernels/convlab")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // The running binary itself, wherever it was started from (PATH, a relative path).
            let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            let spec: [String: Any] = [
                "argv": [binary, "kernel", "--connection-file", "{connection_file}"],
                "display_name": "ConvLab",
                "language": "convlab",
                "interrupt_mode": "message",
                // jupyter_client's transport_encryption provisions CurveZMQ keys only for
                // kernels that declare it.
                "metadata": ["debugger": false, "supported_encryption": "curve"],
            ]
            let data = try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try data.write(to: directory.appendingPathComponent("kernel.json"))
            if let logos = Self.logoDirectory(near: binary) {
                for name in ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"] {
                    let source = logos.appendingPathComponent(name), target = directory.appendingPathComponent(name)
                    guard FileManager.default.fileExists(atPath: source.path) else { continue }
                    try? FileManager.default.removeItem(at: target)
                    try FileManager.default.copyItem(at: source, to: target)
                }
            }
            print("Installed kernelspec convlab in \(directory.path)")
        }

        static func pythonPrefix() throws -> String {
            if let venv = ProcessInfo.processInfo.environment["VIRTUAL_ENV"] { return venv }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let prefix = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard process.terminationStatus == 0, prefix.hasPrefix("/") else {
                throw ValidationError("could not find python3's sys.prefix; use --prefix DIR or --user")
            }
            return prefix
        }

        /// The repository's kernelspec/convlab folder, found from the binary's location
        /// (`.build/release/convlab` sits two levels below the repository).
        static func logoDirectory(near binary: String) -> URL? {
            var directory = URL(fileURLWithPath: binary).deletingLastPathComponent()
            for _ in 0..<5 {
                let candidate = directory.appendingPathComponent("kernelspec/convlab")
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            return nil
        }
    }
}
