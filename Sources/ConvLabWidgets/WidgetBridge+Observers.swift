import ConvLang
import ConvRender
import Foundation
import JupyterKernel
import JupyterWidgets

/// Observers: the language's callables called with a trait change.
extension WidgetBridge {
    /// Calls `handler(change)`. In a cell (`w.value = 3`), an exception is kept and
    /// raised at the assignment once the change is made (traitlets raises from the
    /// setter), and later observers are skipped; between cells (a frontend moved the
    /// slider) it is printed as a traceback, as the cell that made the widget would.
    func fire(_ handler: Value, _ change: WidgetChange) {
        guard let interpreter, pendingObserverError == nil else { return }
        let argument = Value.host(TraitChange(change, bridge: self))
        if inCell {
            do throws(Diagnostic) {
                _ = try interpreter.call(handler, positional: [argument])
            } catch {
                pendingObserverError = error
            }
        } else if case .failure(let error) = interpreter.invoke(handler, positional: [argument]) {
            let traceback = IPythonTraceback().lines(for: error, source: SourceText(""), cell: nil)
            interpreter.output.write(traceback.joined(separator: "\n") + "\n", to: .stderr)
        }
    }

    /// Raises (and forgets) what an observer raised during the last change.
    func raisePendingObserverError() throws(Diagnostic) {
        guard let error = pendingObserverError else { return }
        pendingObserverError = nil
        throw error
    }
}
