import Foundation

/// One profile pattern, compiled once. A pattern that is not a valid regular expression is
/// matched as a literal substring; both ways ignore case.
struct CompiledPattern: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable and documented as safe to share between threads.

    /// The pattern as written in the profile.
    let source: String
    /// The compiled expression; `nil` when `source` is not valid and is matched literally.
    private let regex: NSRegularExpression?

    /// Compiles `source`, falling back to a literal match when it is not a valid expression.
    init(_ source: String) {
        self.source = source
        regex = try? NSRegularExpression(pattern: source, options: [.caseInsensitive])
    }

    /// Whether `source` compiled as a regular expression.
    var isValid: Bool { regex != nil }

    /// Whether the pattern matches anywhere inside `range` of `window`.
    func hasMatch(in window: ScreenWindow, range: NSRange) -> Bool {
        guard range.length > 0 else { return false }
        guard let regex else {
            return window.text.range(of: source, options: [.caseInsensitive], range: range).location != NSNotFound
        }
        return regex.firstMatch(in: window.string, range: range) != nil
    }

    /// The last match inside `range` of `window`: its UTF-16 location and first capture group.
    func lastMatch(in window: ScreenWindow, range: NSRange) -> (location: Int, capture: String?)? {
        guard range.length > 0 else { return nil }
        guard let regex else {
            let found = window.text.range(of: source, options: [.caseInsensitive, .backwards], range: range)
            return found.location == NSNotFound ? nil : (found.location, nil)
        }
        guard let match = regex.matches(in: window.string, range: range).last else { return nil }
        var capture: String?
        if match.numberOfRanges > 1 {
            let group = match.range(at: 1)
            if group.location != NSNotFound { capture = window.text.substring(with: group) }
        }
        return (match.range.location, capture)
    }
}
