import Foundation

/// Word-level keyword checks on free text.
///
/// Text is lowercased and cut into words: runs of letters and digits, keeping an inner `'`, `-` or `_`
/// (so `how's`, `real-time` and `developer-2` stay whole). Phrases match on word boundaries only.
struct KeywordMatcher: Sendable {
    /// The text's words, lowercased, in order.
    let words: [String]
    /// The same words as a set, for quick look-ups.
    private let wordSet: Set<String>
    /// The words joined by single spaces, with a space at each end.
    private let joined: String

    /// Reads `text`.
    init(_ text: String) {
        words = Self.tokenize(text)
        wordSet = Set(words)
        joined = " " + words.joined(separator: " ") + " "
    }

    /// The lowercased words of `text`.
    static func tokenize(_ text: String) -> [String] {
        let characters = Array(text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'"))
        var tokens: [String] = []
        var current = ""
        for (index, character) in characters.enumerated() {
            if character.isLetter || character.isNumber {
                current.append(character)
                continue
            }
            let joiner = character == "'" || character == "-" || character == "_"
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if joiner, !current.isEmpty, let next, next.isLetter || next.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Whether the text has `word` as a whole word.
    func contains(word: String) -> Bool {
        wordSet.contains(word)
    }

    /// Whether the text has `phrase` (one or more words) on word boundaries.
    func contains(phrase: String) -> Bool {
        let phraseWords = Self.tokenize(phrase)
        guard !phraseWords.isEmpty else { return false }
        if phraseWords.count == 1 { return wordSet.contains(phraseWords[0]) }
        return joined.contains(" " + phraseWords.joined(separator: " ") + " ")
    }

    /// Whether the text has any of `phrases`.
    func containsAny(_ phrases: [String]) -> Bool {
        phrases.contains { contains(phrase: $0) }
    }

    /// Whether any word starts with one of `prefixes`.
    func containsAny(prefixes: [String]) -> Bool {
        words.contains { word in prefixes.contains { word.hasPrefix($0) } }
    }

    /// How many words are in `words` or start with one of `prefixes`.
    func hits(words list: Set<String>, prefixes: [String] = []) -> Int {
        words.filter { word in list.contains(word) || prefixes.contains { word.hasPrefix($0) } }.count
    }
}
