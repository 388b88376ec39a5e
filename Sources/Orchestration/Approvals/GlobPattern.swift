import Foundation

/// A glob over a whole text: `*` any run of characters (line breaks too), `?` one character, everything else itself.
package struct GlobPattern: Sendable {
    private let expression: NSRegularExpression?

    package init(_ pattern: String) {
        var regex = "^"
        for character in pattern {
            switch character {
            case "*": regex += "[\\s\\S]*"
            case "?": regex += "[\\s\\S]"
            default: regex += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        expression = try? NSRegularExpression(pattern: regex + "$")
    }

    /// Whether the whole of `text` matches.
    package func matches(_ text: String) -> Bool {
        guard let expression else { return false }
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
