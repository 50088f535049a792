/// How IPython splits a magic's argument line into words (`arg_split`, which is
/// Python's `shlex` with `whitespace_split=True` and no comment characters).
///
/// In POSIX mode quotes group words and are removed, and a backslash escapes the next
/// character (`cd 'my dir'` gives `my dir`); otherwise quotes stay in the words and a
/// quoted word ends at its closing quote (`%timeit` reads its options this way).
enum ArgumentSplit {
    /// Why a line could not be split, in `shlex`'s words (a `ValueError`).
    struct Failure: Error, Equatable {
        var message: String
        /// The words read before the failure, the unfinished one last
        /// (`arg_split(..., strict=False)` keeps them).
        var words: [String]
    }

    /// The words of `line`.
    static func split(_ line: String, posix: Bool) throws(Failure) -> [String] {
        var words: [String] = []
        var lexer = Lexer(characters: Array(line), posix: posix)
        while true {
            do throws(Failure) {
                guard let word = try lexer.next() else { return words }
                words.append(word)
            } catch {
                throw Failure(message: error.message, words: words + [lexer.token])
            }
        }
    }

    /// The words of `line`, keeping what was read before an unclosed quote as a last
    /// word (`strict=False`).
    static func lenientSplit(_ line: String, posix: Bool) -> [String] {
        do throws(Failure) { return try split(line, posix: posix) } catch { return error.words }
    }

    /// `shlex.read_token`, reduced to whitespace splitting.
    private struct Lexer {
        enum State: Equatable {
            case space, word, quote(Character), escape
        }

        let characters: [Character]
        let posix: Bool
        var position = 0
        var token = ""

        init(characters: [Character], posix: Bool) {
            self.characters = characters
            self.posix = posix
        }

        static let quotes: Set<Character> = ["'", "\""]
        /// `shlex`'s whitespace.
        static let whitespace: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]

        mutating func next() throws(Failure) -> String? {
            var state = State.space
            var escapedState = State.word
            var quoted = false
            token = ""
            while true {
                let c: Character? = position < characters.count ? characters[position] : nil
                if c != nil { position += 1 }
                switch state {
                case .space:
                    guard let c else { return finish(quoted: quoted) }
                    if Self.whitespace.contains(c) {
                        if !token.isEmpty || (posix && quoted) { return finish(quoted: quoted) }
                    } else if posix && c == "\\" {
                        escapedState = .word
                        state = .escape
                    } else if Self.quotes.contains(c) {
                        if !posix { token = String(c) }
                        state = .quote(c)
                    } else {
                        token = String(c)
                        state = .word
                    }
                case .quote(let q):
                    quoted = true
                    guard let c else { throw Failure(message: "No closing quotation", words: []) }
                    if c == q {
                        if !posix {
                            token.append(c)
                            return token
                        }
                        state = .word
                    } else if posix && c == "\\" && q == "\"" {
                        escapedState = state
                        state = .escape
                    } else {
                        token.append(c)
                    }
                case .escape:
                    guard let c else { throw Failure(message: "No escaped character", words: []) }
                    // Inside double quotes a backslash stays unless it escapes `"` or `\`.
                    if case .quote(let q) = escapedState, c != q, c != "\\" { token.append("\\") }
                    token.append(c)
                    state = escapedState
                case .word:
                    guard let c else { return finish(quoted: quoted) }
                    if Self.whitespace.contains(c) {
                        if !token.isEmpty || (posix && quoted) { return finish(quoted: quoted) }
                        state = .space
                    } else if posix && Self.quotes.contains(c) {
                        state = .quote(c)
                    } else if posix && c == "\\" {
                        escapedState = .word
                        state = .escape
                    } else {
                        token.append(c)
                    }
                }
            }
        }

        private func finish(quoted: Bool) -> String? {
            if token.isEmpty && !(posix && quoted) { return nil }
            return token
        }
    }
}
