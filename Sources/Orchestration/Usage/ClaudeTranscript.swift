import Foundation

/// Claude Code's session transcripts (`<config>/projects/<folder>/<session>.jsonl`, sub-agents in
/// `<session>/subagents/agent-*.jsonl`): every line holding `message.usage` is one API response's tokens. Claude
/// Code writes a response once per content block, and an early copy may carry a partial output count, so lines are
/// de-duplicated by `message.id` and `requestId` (`message.id` alone without one), keeping the copy with the most
/// tokens, as ccusage does. Only `assistant` lines count: a Task result's copy of a sub-agent's usage on a `user`
/// line, and `progress` lines nesting a sub-agent's reply, would count it twice. Sidechain (sub-agent) lines count:
/// they were paid for. `<synthetic>` lines (no API call) are skipped.
public enum ClaudeTranscript {
    struct Line: Decodable {
        var type: String?
        var timestamp: String?
        var requestId: String?
        var cwd: String?
        var message: Message?
    }

    struct Message: Decodable {
        var id: String?
        var model: String?
        var usage: Usage?
    }

    struct Usage: Decodable {
        var input_tokens: Int64?
        var output_tokens: Int64?
        var cache_creation_input_tokens: Int64?
        var cache_read_input_tokens: Int64?
        var cache_creation: CacheCreation?
    }

    struct CacheCreation: Decodable {
        var ephemeral_5m_input_tokens: Int64?
        var ephemeral_1h_input_tokens: Int64?
    }

    /// The entries in appended bytes, and how many bytes were whole lines.
    /// - Parameters:
    ///   - data: the bytes from `start` on.
    ///   - path: the file (names entries without ids).
    public static func read(_ data: Data, start: Int64, path: String) -> (items: [UsageItem], consumed: Int) {
        var items: [UsageItem] = []
        let decoder = JSONDecoder()
        let consumed = JSONLines.forEach(in: data, start: start, containing: "\"usage\"") { line, offset in
            guard let parsed = try? decoder.decode(Line.self, from: line), parsed.type == "assistant", let message = parsed.message, let usage = message.usage,
                let input = usage.input_tokens, let output = usage.output_tokens
            else { return }
            let model = message.model ?? "unknown"
            guard model != "<synthetic>" else { return }
            let key: String
            if let id = message.id {
                key = "claude:\(id):\(parsed.requestId ?? "")"
            } else {
                key = "claude@\(path)#\(offset)"
            }
            let split = usage.cache_creation.map { ($0.ephemeral_5m_input_tokens ?? 0) + ($0.ephemeral_1h_input_tokens ?? 0) }
            let tokens = TokenCounts(
                input: max(0, input), output: max(0, output), cacheCreation: max(0, usage.cache_creation_input_tokens ?? split ?? 0),
                cacheRead: max(0, usage.cache_read_input_tokens ?? 0))
            items.append(UsageItem(model: model, occurredAt: JSONLines.date(parsed.timestamp), tokens: tokens, dedupeKey: key))
        }
        return (items, consumed)
    }

    /// The working directory the session's first lines name (to check whose transcript it is).
    public static func workingDirectory(_ data: Data) -> String? {
        var found: String?
        let decoder = JSONDecoder()
        _ = JSONLines.forEach(in: data, start: 0, containing: "\"cwd\"") { line, _ in
            guard found == nil, let cwd = (try? decoder.decode(Line.self, from: line))?.cwd else { return }
            found = cwd
        }
        return found
    }
}
