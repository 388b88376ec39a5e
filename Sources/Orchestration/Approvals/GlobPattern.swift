import Foundation

/// A glob over a whole text: `*` any run of characters (line breaks too), `?` one character, `\` makes the next
/// character itself (`\*`, `\?`, `\\`), everything else itself.
package struct GlobPattern: Sendable {
    private let expression: NSRegularExpression?

    package init(_ pattern: String) {
        var regex = "^"
        var escaping = false
        for character in pattern {
            if escaping {
                regex += NSRegularExpression.escapedPattern(for: String(character))
                escaping = false
                continue
            }
            switch character {
            case "\\": escaping = true
            case "*": regex += "[\\s\\S]*"
            case "?": regex += "[\\s\\S]"
            default: regex += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        if escaping { regex += NSRegularExpression.escapedPattern(for: "\\") }
        expression = try? NSRegularExpression(pattern: regex + "$")
    }

    /// A pattern matching exactly `text` (its `*`, `?` and `\` made literal), at most `limit` characters long: a
    /// longer text is cut with a closing `*`, so the cut pattern still matches the whole text.
    package static func literal(_ text: String, limit: Int = .max) -> String {
        var out = ""
        var length = 0
        for character in text {
            let piece = "*?\\".contains(character) ? "\\" + String(character) : String(character)
            length += piece.count
            if length > limit - 1 { return out + "*" }
            out += piece
        }
        return out
    }

    /// Whether the whole of `text` matches.
    package func matches(_ text: String) -> Bool {
        guard let expression else { return false }
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
