import ConvLabWidgets
import ArgumentParser
import ConvEngine
import ConvLang
import ConvRender
import Foundation

/// `convlab run FILE`: runs a ConvLang script as `python FILE` would.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a ConvLang script: output to stdout, warnings to stderr, errors to stderr with exit status 1."
    )

    @Argument(help: "The script to run, or - for standard input.")
    var file: String

    @Option(help: "The most elements one tensor may hold.")
    var maxElements: Int = EngineLimits.defaultMaxElements

    @OptionGroup var memory: MemoryOption

    func run() throws {
        let source: String
        let name: String
        if file == "-" {
            source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            name = "<stdin>"
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("convlab: can't open file '\(file)': No such file or directory\n".utf8))
                throw ExitCode(2)
            }
            source = String(decoding: data, as: UTF8.self)
            name = file
        }
        let budget = try memory.budget()
        let error = onThread(stack: executionStackBytes) {
            let widgets = WidgetBridge()
            return widgets.runningCell {
                widgets.makeInterpreter(output: StandardStreams(), extensions: TeachingBuiltins.all,
                                        engineContext: EngineContext(maxElements: maxElements, maxMemory: budget)).run(source).error
            }
        }
        if let diagnostic = error {
            let text = DiagnosticFormatter(sourceName: name).format(diagnostic, source: SourceText(source))
            FileHandle.standardError.write(Data((text + "\n").utf8))
            throw ExitCode(1)
        }
    }
}

/// Writes `print` output to stdout and warnings to stderr as they happen.
struct StandardStreams: OutputSink {
    func write(_ text: String, to stream: OutputChannel) {
        let handle = stream == .stdout ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }

    func display(_ value: Value) {
        write(value.displayText + "\n", to: .stdout)
    }
}
