import Foundation

/// The patterns of one kind (busy, waiting, …) in profile order, plus one combined expression
/// that answers "does any of them match?" in a single scan, the usual answer being no.
struct PatternGroup: Sendable {
    /// The patterns, in profile order.
    let patterns: [CompiledPattern]
    /// `(?:p1)|(?:p2)|…`, when every pattern can safely be combined (ICU scopes inline flags to
    /// the group); `nil` when there is only one pattern or combining could change a meaning.
    private let anyOf: CompiledPattern?

    /// Groups `patterns`, combining them when that is safe.
    init(_ patterns: [CompiledPattern]) {
        self.patterns = patterns
        let combinable = patterns.count > 1 && patterns.allSatisfy { pattern in
            pattern.isValid && pattern.source.range(of: #"\\[1-9kQ]|\(\?[a-wyz-]*x|\(\?#"#, options: .regularExpression) == nil
        }
        let combined = combinable ? CompiledPattern(patterns.map { "(?:\($0.source))" }.joined(separator: "|")) : nil
        anyOf = combined?.isValid == true ? combined : nil
    }

    /// Whether there are no patterns.
    var isEmpty: Bool { patterns.isEmpty }

    /// False only when no pattern matches inside `range`; true means "maybe, look closer".
    func mayMatch(in window: ScreenWindow, range: NSRange) -> Bool {
        guard !patterns.isEmpty else { return false }
        guard let anyOf else { return true }
        return anyOf.hasMatch(in: window, range: range)
    }
}
