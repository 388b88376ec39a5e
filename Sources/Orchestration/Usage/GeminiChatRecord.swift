import Crypto
import Foundation

/// Gemini CLI's chat recording (`~/.gemini/tmp/<project>/chats/session-<time>-<id>.jsonl`, named by its hooks'
/// `transcript_path`; JSONL since v0.39): a first line with the session's `sessionId` and `projectHash` (SHA-256 of the
/// project root, hex), then one record per message, appended again under the same `id` whenever its tokens or tool
/// calls change. A `gemini` record's `tokens {input, output, cached, thoughts, tool, total}` are the call's: `input`
/// includes `cached` (a cache read here), thinking is billed as output, tool-use prompt tokens as input. Records are
/// keyed by message id, the copy with the most tokens kept. `$set` and `$rewindTo` lines (checkpoints repeating
/// earlier messages) add nothing. Gemini's background calls (routing, loop checks, compression) are not recorded
/// there, so they are not counted.
public enum GeminiChatRecord {
    struct Line: Decodable {
        var id: String?
        var type: String?
        var timestamp: String?
        var model: String?
        var tokens: Tokens?
        var sessionId: String?
        var projectHash: String?
    }

    struct Tokens: Decodable {
        var input: Int64?
        var output: Int64?
        var cached: Int64?
        var thoughts: Int64?
        var tool: Int64?
    }

    /// The entries in appended bytes, and how many bytes were whole lines.
    public static func read(_ data: Data, start: Int64, path: String) -> (items: [UsageItem], consumed: Int) {
        var items: [UsageItem] = []
        let decoder = JSONDecoder()
        let consumed = JSONLines.forEach(in: data, start: start, containing: "\"tokens\"") { line, offset in
            guard let parsed = try? decoder.decode(Line.self, from: line), parsed.type == "gemini", let tokens = parsed.tokens else { return }
            let input = max(0, tokens.input ?? 0), cached = min(max(0, tokens.cached ?? 0), input)
            let counts = TokenCounts(
                input: input - cached + max(0, tokens.tool ?? 0), output: max(0, tokens.output ?? 0) + max(0, tokens.thoughts ?? 0), cacheRead: cached)
            guard !counts.isZero else { return }
            let key = parsed.id.map { "gemini:\($0)" } ?? "gemini@\(path)#\(offset)"
            items.append(UsageItem(model: parsed.model ?? "unknown", occurredAt: JSONLines.date(parsed.timestamp), tokens: counts, dedupeKey: key))
        }
        return (items, consumed)
    }

    /// Whether the recording's session ran in `worktree`: its `projectHash` is the worktree's (or, for a session that
    /// names none, the project folder's `.project_root` file says so).
    public static func ranIn(_ data: Data, path: String, worktree: String) -> Bool {
        let decoder = JSONDecoder()
        var hash: String?
        _ = JSONLines.forEach(in: data, start: 0, containing: "\"projectHash\"") { line, _ in
            if hash == nil { hash = (try? decoder.decode(Line.self, from: line))?.projectHash }
        }
        let resolved = URL(fileURLWithPath: worktree).resolvingSymlinksInPath().path
        if let hash {
            return [worktree, resolved].contains { SHA256.hash(data: Data($0.utf8)).map { String(format: "%02x", $0) }.joined() == hash }
        }
        let chats = (path as NSString).deletingLastPathComponent
        let root = ((chats as NSString).deletingLastPathComponent as NSString).appendingPathComponent(".project_root")
        guard let owner = try? String(contentsOfFile: root, encoding: .utf8) else { return false }
        return TranscriptAccess.ranIn(owner.trimmingCharacters(in: .whitespacesAndNewlines), worktree: worktree)
    }
}
