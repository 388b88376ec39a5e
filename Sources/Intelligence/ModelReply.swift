import Foundation

/// Checks on a model's reply before it is used: a small model's weak or malformed answer is caught here.
enum ModelReply {
    /// The first JSON object in `text` (models wrap JSON in prose or code fences).
    static func jsonObject(in text: String) -> [String: Any]? {
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"), start < end else { return nil }
        let data = Data(text[start...end].utf8)
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// Short, non-empty, de-duplicated strings from a JSON array, at most `limit` of them.
    static func strings(_ value: Any?, limit: Int, maxLength: Int = 200) -> [String] {
        guard let items = value as? [Any] else { return [] }
        var seen = Set<String>()
        var result: [String] = []
        for case let item as String in items {
            let text = item.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, text.count <= maxLength, seen.insert(text.lowercased()).inserted else { continue }
            result.append(text)
            if result.count == limit { break }
        }
        return result
    }

    /// Names that look like an agent id (`developer`, `tester-2`, …) but are not among `known`: a reply that
    /// names an agent that does not exist is not used.
    static func unknownAgents(in text: String, known: Set<String>) -> [String] {
        let pattern = #"\b(?:project-manager|developer|tester|devops|designer|researcher|reviewer|architect)(?:-\d+)?\b"#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        let named = regex.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { text[$0].lowercased() } }
        // A bare role word ("the developer") is a role, not an id, unless an agent of that role exists anyway.
        let knownRoles = Set(known.map { $0.replacingOccurrences(of: #"-\d+$"#, with: "", options: .regularExpression) })
        return named.filter { name in !known.contains(name) && (name.contains(where: \.isNumber) || !knownRoles.contains(name)) }
    }

    /// A prose reply fit to show: non-empty, not too long, naming no unknown agent.
    static func prose(_ text: String, maxLength: Int, knownAgents: Set<String>) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= maxLength, unknownAgents(in: trimmed, known: knownAgents).isEmpty else { return nil }
        return trimmed
    }
}
