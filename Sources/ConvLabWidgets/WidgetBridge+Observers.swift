import ConvLang
import Foundation
import JupyterKernel
import JupyterWidgets

/// Observers as traitlets keeps them: one list of handlers per trait name (and one for
/// every trait), a handler added to a list once, the name's list called before the
/// every-trait list, and the first exception ending the notification.
extension WidgetObject {
    /// The key of the every-trait list (traitlets' `All`).
    static let allTraits = ""

    /// `observe(handler, names)`: added to each name's list unless already there.
    func observe(_ handler: Value, names: [String]?) {
        if observerID == nil {
            observerID = widget.observe(names: nil) { [weak self] change in self?.notify(change) }
        }
        for name in names ?? [Self.allTraits] where !(notifiers[name] ?? []).contains(where: { Self.same($0, handler) }) {
            notifiers[name, default: []].append(handler)
        }
    }

    /// `unobserve(handler, names)`: removed from each name's list; a list without it is
    /// list.remove's ValueError, no list at all is nothing (traitlets' KeyError, caught).
    func unobserve(_ handler: Value, names: [String]?, at range: SourceRange) throws(Diagnostic) {
        for name in names ?? [Self.allTraits] {
            guard var list = notifiers[name] else { continue }
            guard let index = list.firstIndex(where: { Self.same($0, handler) }) else {
                throw Diagnostic(.value, "list.remove(x): x not in list", range)
            }
            list.remove(at: index)
            notifiers[name] = list
        }
    }

    /// A trait changed: its name's handlers, then every trait's, until one raises.
    private func notify(_ change: WidgetChange) {
        let handlers = (notifiers[change.name] ?? []) + (notifiers[Self.allTraits] ?? [])
        for handler in handlers {
            guard bridge.fire(handler, change) else { return }
        }
    }

    /// traitlets finds a handler by `==`: the same function, or the same method of the
    /// same object (`self.on_change` read twice).
    static func same(_ a: Value, _ b: Value) -> Bool {
        if case .boundMethod(let x) = a, case .boundMethod(let y) = b { return x.isSame(as: y) }
        return Value.identical(a, b)
    }
}

extension WidgetBridge {
    /// Calls `handler(change)`; returns false when it raised. In a cell (`w.value = 3`)
    /// the exception is kept and raised where the change was made, once it is made
    /// (traitlets raises from the setter); between cells (the browser moved a slider)
    /// it is shown as ipywidgets shows it (`showtraceback`) and the notification ends.
    func fire(_ handler: Value, _ change: WidgetChange) -> Bool {
        guard let interpreter, pendingObserverError == nil else { return false }
        let argument = Value.host(TraitChange(change, bridge: self))
        if inCell {
            do throws(Diagnostic) {
                _ = try interpreter.call(handler, positional: [argument])
                return true
            } catch {
                pendingObserverError = error
                return false
            }
        }
        if case .failure(let error) = interpreter.invoke(handler, positional: [argument]) {
            interpreter.output.showTraceback(error)
            return false
        }
        return true
    }

    /// Runs a change to widgets made by a builtin or an assignment in a cell, then raises
    /// what an observer raised during it (and forgets it).
    func changing<T>(_ body: () throws(WidgetError) -> T) throws(Diagnostic) -> T {
        pendingObserverError = nil
        let result = try WidgetErrors.raising(body)
        if let error = pendingObserverError {
            pendingObserverError = nil
            throw error
        }
        return result
    }
}
