import Foundation

/// Cuts a free-form request into short requirement phrases.
///
/// The text is split on line breaks, bullet markers, sentence ends, `;` and `: `, then each sentence on
/// commas and on the words `and`, `&` and `with` (except in fixed pairs such as "drag and drop" and after
/// words that need their `with`, such as "integrate with"). Leading verbs, articles and filler words are
/// dropped, the first letter is capitalised, repeats and empty fragments are dropped.
enum RequirementSplitter {
    /// The most requirements returned.
    static let maximumCount = 12

    /// Words that separate clauses.
    static let connectors: Set<String> = ["and", "&", "with"]

    /// "x and y" pairs that name one thing.
    static let fixedPairs: Set<String> = [
        "drag and drop", "copy and paste", "search and replace", "read and write", "pros and cons",
        "terms and conditions", "trial and error", "black and white", "back and forth", "rock and roll",
        "r and d", "q and a", "find and replace", "cut and paste", "save and load", "import and export",
    ]

    /// Words after which `with` belongs to the phrase instead of joining clauses.
    static let withBinders: Set<String> = [
        "integrate", "integrates", "integrating", "integration", "compatible", "compatibility", "work", "works",
        "working", "deal", "deals", "comply", "complies", "interact", "interacts", "sync", "syncs", "connect",
        "connects", "log", "login", "sign", "signin", "share", "shared", "pair", "paired", "built", "made",
        "written", "powered", "filled", "together", "along", "in", "up", "start", "starts", "starting",
    ]

    /// Words dropped from the start of a fragment: verbs, articles and fillers.
    static let leadingFillers: Set<String> = [
        "a", "an", "the", "some", "our", "my", "your", "its", "this", "that", "which",
        "please", "kindly", "also", "then", "just", "so", "i", "we", "you", "it", "let", "lets", "let's", "us",
        "need", "needs", "want", "wants", "would", "like", "to", "should", "must", "will", "can", "could",
        "have", "has", "be", "is", "are", "there",
        "create", "build", "make", "write", "add", "implement", "develop", "setup", "include", "includes",
        "including", "support", "supports", "provide", "provides", "use", "using", "code",
    ]

    /// Fragments that are headings, not requirements.
    static let headings: Set<String> = [
        "features", "feature", "requirements", "requirement", "goals", "tasks", "notes", "todo", "summary",
        "overview", "details",
    ]

    /// The requirements in `prompt`, at most ``maximumCount``.
    static func requirements(from prompt: String) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        for line in prompt.split(whereSeparator: \.isNewline) {
            for sentence in sentences(of: strippingBullet(String(line))) {
                for clause in clauses(of: sentence) {
                    let requirement = clean(clause)
                    let key = requirement.lowercased()
                    guard !requirement.isEmpty, !headings.contains(key), seen.insert(key).inserted else { continue }
                    result.append(requirement)
                    if result.count == maximumCount { return result }
                }
            }
        }
        return result
    }

    /// `line` without a leading bullet (`-`, `*`, `•`, `+`, `>`, `#`, `1.`, `2)`, `[ ]`).
    static func strippingBullet(_ line: String) -> String {
        var text = Substring(line).drop { $0.isWhitespace }
        text = text.drop { "-*•+>#".contains($0) || $0.isWhitespace }
        let digits = text.prefix { $0.isNumber }
        if !digits.isEmpty {
            let rest = text.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")",
                rest.dropFirst().first.map(\.isWhitespace) ?? true {
                text = rest.dropFirst().drop { $0.isWhitespace }
            }
        }
        for box in ["[ ]", "[x]", "[X]"] where text.hasPrefix(box) {
            text = text.dropFirst(box.count).drop { $0.isWhitespace }
        }
        return String(text)
    }

    /// `line` cut at `;` and at `.`, `!`, `?`, `:` followed by a space or the end (not after "e.g", "i.e", "vs").
    static func sentences(of line: String) -> [String] {
        let characters = Array(line)
        var parts: [String] = []
        var current = ""
        for (index, character) in characters.enumerated() {
            let atBoundary = index + 1 == characters.count || characters[index + 1].isWhitespace
            let abbreviation = character == "." && ["e.g", "i.e", "vs", "etc"].contains { current.lowercased().hasSuffix($0) }
            if character == ";" || (".!?:".contains(character) && atBoundary && !abbreviation) {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    /// `sentence` cut at commas and at connecting words.
    static func clauses(of sentence: String) -> [String] {
        let words = sentence.split(whereSeparator: \.isWhitespace).map(String.init)
        var clauses: [[String]] = [[]]
        for (index, word) in words.enumerated() {
            let lower = word.lowercased()
            if connectors.contains(lower), !binds(words, at: index) {
                clauses.append([])
            } else if word.hasSuffix(",") {
                clauses[clauses.count - 1].append(String(word.dropLast()))
                clauses.append([])
            } else {
                clauses[clauses.count - 1].append(word)
            }
        }
        return clauses.map { $0.joined(separator: " ") }
    }

    /// Whether the connector at `index` is part of a phrase rather than a clause break.
    static func binds(_ words: [String], at index: Int) -> Bool {
        guard index > 0, index + 1 < words.count else { return false }
        let previous = bare(words[index - 1])
        let next = bare(words[index + 1])
        switch words[index].lowercased() {
        case "with": return withBinders.contains(previous)
        default: return fixedPairs.contains("\(previous) and \(next)")
        }
    }

    /// `word` lowercased, without surrounding punctuation.
    static func bare(_ word: String) -> String {
        word.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.symbols))
    }

    /// `fragment` without leading fillers and edge punctuation, first letter capitalised; empty when nothing is left.
    static func clean(_ fragment: String) -> String {
        let edges = CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\"'`*_.,!?:;-"))
        var words = fragment.trimmingCharacters(in: edges).split(whereSeparator: \.isWhitespace).map(String.init)
        while let first = words.first {
            let word = bare(first)
            if word == "set", words.count > 1, bare(words[1]) == "up" {
                words.removeFirst(2)
            } else if leadingFillers.contains(word) || word.isEmpty {
                words.removeFirst()
            } else {
                break
            }
        }
        let text = words.joined(separator: " ").trimmingCharacters(in: edges)
        guard text.contains(where: { $0.isLetter || $0.isNumber }), let first = text.first else { return "" }
        return first.uppercased() + text.dropFirst()
    }
}
