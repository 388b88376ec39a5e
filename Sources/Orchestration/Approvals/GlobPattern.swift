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

    /// A pattern matching exactly `text`: its `*`, `?` and `\` made literal.
    package static func literal(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "*" || character == "?" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A pattern for `text` at most `limit` characters long: the text made literal, cut with a closing `*` when it
    /// is longer (so the cut pattern still matches the whole text).
    package static func literal(_ text: String, limit: Int) -> String {
        var out = ""
        for character in text {
            let piece = (character == "*" || character == "?" || character == "\\") ? "\\" + String(character) : String(character)
            if out.count + piece.count > limit - 1 { return out + "*" }
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
