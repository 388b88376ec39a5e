import Foundation

/// aider's own usage report after each reply, read from its screen:
/// `Tokens: 2.4k sent, 1.2k cache write, 3.5k cache hit, 156 received. Cost: $0.0082 message, $0.03 session.`
/// (the cost part sits on the next line when both cache figures are shown). The stated message cost is kept as is
/// (aider priced it); a report is known by its figures and the session cost, which only grows within one run of
/// aider, so a report still on screen at the next look is not counted again. A model aider has no price for prints
/// no cost part: such a turn's tokens are counted with its cost unknown (never invented), once something is drawn after
/// the report (so a cost part still being drawn is not mistaken for none). The model is the `Main model:` of aider's
/// start banner, when seen.
public enum AiderCostLines {
    /// What a read carries to the next.
    public struct State: Codable, Equatable, Sendable {
        public var model: String?
        /// Session costs already counted (the last few).
        public var seen: [String] = []

        init(json: String?) {
            self = json.flatMap { try? JSONDecoder().decode(State.self, from: Data($0.utf8)) } ?? State()
        }

        init() {}

        var json: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data("{}".utf8), as: UTF8.self) }
    }

    nonisolated(unsafe) static let report = #/Tokens:\s+([0-9.,]+[kKmM]?)\s+sent,(?:\s+([0-9.,]+[kKmM]?)\s+cache write,)?(?:\s+([0-9.,]+[kKmM]?)\s+cache hit,)?\s+([0-9.,]+[kKmM]?)\s+received\.(?:\s+Cost:\s+\$([0-9.,]+)\s+message,\s+\$([0-9.,]+)\s+session\.)?/#
    nonisolated(unsafe) static let banner = #/(?:Main model|Model):\s+(\S+)/#

    /// New reports on a screen.
    /// - Parameter run: names this run of aider (its session costs start again at each run).
    public static func read(_ screen: String, state: inout State, run: String) -> [UsageItem] {
        let text = screen.replacingOccurrences(of: "\n", with: " ")
        if let model = text.matches(of: banner).last.map({ String($0.output.1) }) { state.model = model }
        var items: [UsageItem] = []
        for match in text.matches(of: report) {
            if match.output.5 == nil {
                let after = text[match.range.upperBound...].trimmingCharacters(in: .whitespaces)
                guard !after.isEmpty, !after.hasPrefix("Cost") else { continue }
            }
            let figures = [match.output.1, match.output.2 ?? "", match.output.3 ?? "", match.output.4, match.output.5 ?? "", match.output.6 ?? ""]
            let key = "aider:\(run):" + figures.joined(separator: ":")
            guard !state.seen.contains(key) else { continue }
            state.seen.append(key)
            let tokens = TokenCounts(
                input: number(match.output.1), output: number(match.output.4), cacheCreation: match.output.2.map { number($0) } ?? 0,
                cacheRead: match.output.3.map { number($0) } ?? 0)
            items.append(
                UsageItem(
                    model: state.model ?? "unknown", occurredAt: nil, tokens: tokens,
                    costDollars: match.output.5.flatMap { Double($0.replacingOccurrences(of: ",", with: "")) }, dedupeKey: key))
        }
        if state.seen.count > 50 { state.seen.removeFirst(state.seen.count - 50) }
        return items
    }

    /// `2.4k` → 2400, `1.2M` → 1,200,000, `156` → 156.
    static func number(_ text: Substring) -> Int64 {
        var digits = text.replacingOccurrences(of: ",", with: "")
        var scale = 1.0
        if let last = digits.last, "kKmM".contains(last) {
            scale = last == "k" || last == "K" ? 1_000 : 1_000_000
            digits.removeLast()
        }
        return Int64(((Double(digits) ?? 0) * scale).rounded())
    }
}
