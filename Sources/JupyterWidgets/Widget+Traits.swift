import JupyterKernel

/// traitlets' machinery, as ipywidgets' widgets use it: validation, notification with
/// the sync to the frontend first, and held notifications.
extension Widget {
    /// A trait's value without taking the lock (for the manager and behaviours).
    func trait(_ name: String) -> JSONValue { values[name] ?? .null }

    /// traitlets' `set_trait`: type check, the model's validator (unless held), store,
    /// and notify when the value changed.
    func assign(_ name: String, _ value: JSONValue) throws(WidgetError) {
        guard hasTrait(name) else { throw .unknownTrait(model: spec.pythonClass, name: name) }
        var new = try behavior.typeCheck(self, name, TraitCoercion.coerce(value, name: name, spec: spec))
        if !crossValidationLocked { new = try behavior.validate(self, name, new) }
        let old = trait(name)
        values[name] = new
        if !TraitCoercion.pythonEqual(old, new) { notify(name, old: old, new: new) }
    }

    /// Sets a value with notification but no validation (read-only bookkeeping traits).
    func store(_ name: String, _ value: JSONValue) {
        let old = trait(name)
        values[name] = value
        if old != value { notify(name, old: old, new: value) }
    }

    /// ipywidgets' `notify_change`: sends the new value to the frontend unless it just
    /// came from there, then runs the model's observers and the user's.
    func notify(_ name: String, old: JSONValue, new: JSONValue) {
        if held != nil {
            if let i = held!.firstIndex(where: { $0.name == name }) { held![i].new = new }
            else { held!.append((name, old, new)) }
            return
        }
        if comm != nil, spec.keys.contains(name), shouldSend(name, trait(name)) { sendState([name]) }
        behavior.didChange(self, name, old: old, new: new)
        let change = WidgetChange(name: name, old: old, new: new, owner: self)
        let named = observers.filter { $0.names?.contains(name) == true }
        let all = observers.filter { $0.names == nil }
        for observer in named + all { observer.handler(change) }
    }

    /// traitlets' `hold_trait_notifications`: changes inside `body` are validated together
    /// at the end and their notifications fire after; a TraitError rolls them all back.
    func holdNotifications(_ body: () throws(WidgetError) -> Void) throws(WidgetError) {
        if crossValidationLocked { return try body() }
        held = []
        crossValidationLocked = true
        do {
            try body()
            for name in held!.map(\.name) {
                let value = try behavior.validate(self, name, trait(name))
                try assign(name, value)
            }
        } catch {
            for change in held! { values[change.name] = change.old }
            held = nil
            crossValidationLocked = false
            throw error
        }
        crossValidationLocked = false
        let changes = held!
        held = nil
        for change in changes { notify(change.name, old: change.old, new: change.new) }
    }

    /// ipywidgets' `_should_send_property`: not when the frontend just sent this value.
    func shouldSend(_ name: String, _ value: JSONValue) -> Bool {
        if let locked = propertyLock[name], TraitCoercion.pythonEqual(value, locked) {
            statesToSend?.remove(name)
            return false
        }
        if statesToSend != nil {
            statesToSend!.insert(name)
            return false
        }
        return true
    }
}
