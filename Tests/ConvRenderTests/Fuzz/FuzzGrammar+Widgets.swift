/// ipywidgets calls as notebooks make them: widgets made with plausible or extreme
/// traits, observers (that print, raise, or change widgets themselves, their own value
/// included), traits set, `interact` and `interactive`, containers, links, `Output`
/// capture, `display`, closing. ``FuzzRunner`` runs cells with a widget frontend
/// stand-in, which also moves sliders between cells.
extension FuzzGrammar {
    mutating func widgetProgram() -> String {
        let header = rng.pick(["import ipywidgets as widgets\nfrom IPython.display import display",
                               "import ipywidgets as widgets\nfrom ipywidgets import interact, interactive, fixed",
                               "from ipywidgets import *\nimport ipywidgets as widgets\nfrom IPython.display import display"])
        let lines = (0..<(2 + rng.below(6))).map { _ in widgetStatement() }
        return ([header, "w = \(widget())"] + lines).joined(separator: "\n")
    }

    /// A widget constructor call.
    private mutating func widget() -> String {
        let value = rng.chance(0.7) ? "\(rng.below(10))" : number()
        switch rng.below(9) {
        case 0, 1, 2:
            var traits = ["value=\(value)"]
            for name in ["min", "max", "step"] where rng.chance(0.4) { traits.append("\(name)=\(rng.chance(0.7) ? "\(rng.below(12))" : number())") }
            if rng.chance(0.5) { traits.append("description=\(rng.chance(0.8) ? "'stride'" : string())") }
            if rng.chance(0.1) { traits.append("\(rng.pick(["continuous_update", "disabled", "readout", "orientation", "nope"]))=\(atom())") }
            return "widgets.IntSlider(\(traits.shuffled(using: &rng).joined(separator: ", ")))"
        case 3: return "widgets.FloatSlider(value=\(value), min=\(number()), max=\(rng.chance(0.7) ? "10.0" : number()), step=\(rng.pick(["0.1", "0", "-1", number()])))"
        case 4: return "widgets.Dropdown(options=\(rng.pick(["['zeros', 'reflect']", "[1, 2, 3]", "[('a', 1), ('b', 2)]", "[]", "{'a': 1}", "'abc'"])), value=\(atom()))"
        case 5: return "widgets.Checkbox(value=\(atom()), description='bias')"
        case 6: return "widgets.IntRangeSlider(value=(\(value), \(rng.below(10))), min=0, max=\(rng.below(12)))"
        case 7: return "widgets.\(rng.pick(["Label", "HTML"]))(\(rng.chance(0.7) ? string() : atom()))"
        default: return "widgets.\(rng.pick(["Play", "ToggleButtons", "Output", "Layout", "Widget", "Nope"]))(\(arguments(2, depth: 1)))"
        }
    }

    /// What a cell does with widget `w` and others.
    private mutating func widgetStatement() -> String {
        switch rng.below(12) {
        case 0, 1: return "w.value = \(rng.chance(0.6) ? "\(rng.below(12))" : pythonExpression(1))"
        case 2: return "w.\(rng.pick(["min", "max", "step", "description", "disabled", "options", "layout", "value", "index", "label"])) = \(pythonExpression(1))"
        case 3: return observer()
        case 4: return rng.pick(["display(w)", "w", "print(w)", "repr(w)", "w.value", "w.keys", "w.get_state()", "w.get_state('value')",
                                 "display(w, \(pythonExpression(1)))", "display()", "w.close()", "w.close()\nw.value = 1", "type(w).__name__",
                                 "isinstance(w, widgets.Widget)", "w.model_id", "w.send({'k': 1})", "w.unobserve_all()", "w.unobserve_all('value')"])
        case 5: return interaction()
        case 6: return "box = widgets.\(rng.pick(["VBox", "HBox"]))([w, \(widget())\(rng.chance(0.2) ? ", w" : "")])\n\(rng.pick(["box", "box.children", "box.children = (w,)", "len(box.children)", "box.children[0] is w"]))"
        case 7: return "v = \(widget())\n\(rng.pick(["widgets.jslink((w, 'value'), (v, 'value'))", "widgets.jsdlink((v, 'value'), (w, 'max'))", "widgets.jslink(w, v)", "widgets.jslink((w, 'nope'), (v, 'value'))"]))"
        case 8: return "out = widgets.Output()\nwith out:\n    \(rng.pick(["print('inside')", "display(w)", "raise AppError('in output')", "1 / 0", "print(\(pythonExpression(1)))"]))\n\(rng.pick(["out", "out.outputs", "out.clear_output()", "out.append_stdout('x')", "out.append_stderr(3)", "out.append_display_data(w)"]))"
        case 9: return "try:\n    w.value = \(pythonExpression(1))\nexcept \(rng.pick(["widgets.TraitError", "Exception", "AppError", "ValueError"])) as e:\n    print(type(e).__name__, e)"
        case 10: return "for i in range(\(rng.below(4))):\n    w.value = i"
        default: return "class AppError(Exception):\n    pass"
        }
    }

    /// `w.observe(handler, names=...)` with a handler that may raise or change widgets.
    private mutating func observer() -> String {
        let action = rng.pick(["print(change['old'], change['new'])", "seen.append(change['new'])", "raise AppError(change['new'])",
                               "raise ValueError('observer')", "w.value = change['new'] + 1", "w.max = change['new']", "change.new.missing",
                               "print(change.name, change.owner is w, change.type)", "change['nope']", "1 / (change['new'] - change['old'])",
                               "w.unobserve(on_change, names='value')", "w.close()"])
        let names = rng.pick(["names='value'", "names=['value', 'max']", "", "names='nope'", "'value'", "names=3", "type='other'"])
        let handler = rng.chance(0.8) ? "on_change" : "lambda change: \(rng.pick(["print(change)", "seen.append(change)", "1 / 0"]))"
        return "class AppError(Exception):\n    pass\nseen = []\ndef on_change(change):\n    \(action)\n"
            + "w.observe(\(handler)\(names.isEmpty ? "" : ", " + names))\n" + rng.pick(["w.value = \(rng.below(12))", "w.value", "seen"])
    }

    /// `interact` and `interactive` as a function call and as a decorator.
    private mutating func interaction() -> String {
        let abbreviation = rng.pick(["(1, 4)", "(0.0, 1.0, 0.1)", "['zeros', 'reflect']", "True", "3", "'text'", "fixed(3)", "w",
                                     "(4, 1)", "(1, 4, 0)", "{'a': 1, 'b': 2}", "None", "()", "(1, 2, 3, 4)", number()])
        let body = rng.pick(["print(k)", "return k", "raise AppError(k)", "print(k * 2)", "display(k)"])
        return rng.pick([
            "def show(k):\n    \(body)\ninteract(show, k=\(abbreviation))",
            "def show(k=\(abbreviation)):\n    \(body)\ninteract(show)",
            "@interact(k=\(abbreviation))\ndef show(k):\n    \(body)",
            "def show(k):\n    \(body)\nui = interactive(show, k=\(abbreviation))\n\(rng.pick(["ui.result", "ui.children", "ui.kwargs", "ui"]))",
            "interact(lambda k: k, k=\(abbreviation))",
            "interact(\(rng.pick(["print", "len", "F.relu", "3", "None"])), k=\(abbreviation))",
        ])
    }
}
