/// Fuzz cell number `index` of a run seeded `seed`: a corpus cell mutated, a generated
/// cell, one nested very deeply, or a corpus cell as it is. Each is made from its own
/// generator, so a failing cell can be made again from its seed and index alone.
enum FuzzCell {
    /// The longest cell kept whole: 3,000 nested brackets fit, and a notebook cell is
    /// rarely longer. Mutations that stack repetitions beyond it are cut (5,000 levels
    /// and chains of 100,000 terms are DeepNestingTests' part).
    static let maxBytes = 1 << 13

    static func make(seed: UInt64, index: Int) -> String {
        let cell = build(seed: seed, index: index)
        guard cell.utf8.count > maxBytes else { return cell }
        return String(decoding: cell.utf8.prefix(maxBytes), as: UTF8.self)
    }

    /// What kind of cell `make` gives for this index.
    static func kind(seed: UInt64, index: Int) -> String {
        var rng = FuzzRandom(seed: seed, index: index)
        switch rng.below(20) {
        case 0...9: return "mutated"
        case 10...17: return "generated"
        case 18: return "deep"
        default: return "corpus"
        }
    }

    private static func build(seed: UInt64, index: Int) -> String {
        var rng = FuzzRandom(seed: seed, index: index)
        let corpus = FuzzCorpus.cells
        switch rng.below(20) {
        case 0...9:
            var mutator = FuzzMutator(rng: rng)
            return mutator.mutate(rng.pick(corpus))
        case 10...17:
            var grammar = FuzzGrammar(rng: rng)
            return grammar.cell()
        case 18:
            var grammar = FuzzGrammar(rng: rng)
            let base = rng.chance(0.5) ? grammar.statement() : rng.pick(corpus)
            var mutator = FuzzMutator(rng: grammar.rng)
            let tokens = FuzzMutator.tokens(of: base)
            return mutator.deepen(tokens, at: mutator.rng.below(tokens.count))
        default:
            return rng.pick(corpus)
        }
    }
}
