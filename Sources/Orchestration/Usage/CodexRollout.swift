import Foundation

/// Codex's session rollouts (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<thread id>.jsonl`): `turn_context`
/// lines name the model (it changes with `/model`), `event_msg` lines of type `token_count` carry the session's
/// running totals. Codex sends the same totals again whenever rate limits change, so summing `last_token_usage`
/// over-counts: an entry is the change of the running totals since the last one that moved, per field, never below
/// zero (a field that went down means Codex reset its counters). OpenAI's input count includes the cached part and
/// its output count includes reasoning, so fresh input is `input_tokens - cached_input_tokens`.
public enum CodexRollout {
    /// What a read carries to the next: the model in use and the last running totals.
    public struct State: Codable, Equatable, Sendable {
        public var model: String?
        /// input, cached input, output.
        public var totals: [Int64]?

        init(json: String?) {
            self = json.flatMap { try? JSONDecoder().decode(State.self, from: Data($0.utf8)) } ?? State()
        }

        init() {}

        var json: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data("{}".utf8), as: UTF8.self) }
    }

    struct Line: Decodable {
        var timestamp: String?
        var type: String?
        var payload: Payload?
    }

    struct Payload: Decodable {
        var type: String?
        var model: String?
        var cwd: String?
        var info: Info?
    }

    struct Info: Decodable {
        var total_token_usage: Usage?
        var last_token_usage: Usage?
    }

    struct Usage: Decodable {
        var input_tokens: Int64?
        var cached_input_tokens: Int64?
        var output_tokens: Int64?
        var reasoning_output_tokens: Int64?
        var total_tokens: Int64?
    }

    /// The entries in appended bytes, and how many bytes were whole lines.
    public static func read(_ data: Data, start: Int64, path: String, state: inout State) -> (items: [UsageItem], consumed: Int) {
        var items: [UsageItem] = []
        let decoder = JSONDecoder()
        var current = state
        let consumed = JSONLines.forEach(in: data, start: start) { line, offset in
            guard let parsed = try? decoder.decode(Line.self, from: line), let payload = parsed.payload else { return }
            if parsed.type == "turn_context", let model = payload.model {
                current.model = model
                return
            }
            guard parsed.type == "event_msg", payload.type == "token_count", let info = payload.info else { return }
            let usage: Usage
            if let running = info.total_token_usage {
                let totals = [running.input_tokens ?? 0, running.cached_input_tokens ?? 0, running.output_tokens ?? 0]
                guard totals != current.totals else { return }
                let before = current.totals ?? [0, 0, 0]
                let delta = zip(totals, before).map { max(0, $0 - $1) }
                current.totals = totals
                usage = Usage(input_tokens: delta[0], cached_input_tokens: delta[1], output_tokens: delta[2])
            } else if let last = info.last_token_usage {
                usage = last
            } else {
                return
            }
            let input = max(0, usage.input_tokens ?? 0), cached = min(max(0, usage.cached_input_tokens ?? 0), input)
            let tokens = TokenCounts(input: input - cached, output: max(0, usage.output_tokens ?? 0), cacheRead: cached)
            guard !tokens.isZero else { return }
            items.append(
                UsageItem(model: current.model ?? "unknown", occurredAt: JSONLines.date(parsed.timestamp), tokens: tokens, dedupeKey: "codex@\(path)#\(offset)"))
        }
        state = current
        return (items, consumed)
    }

    /// The session's working directory (from `session_meta` or the first `turn_context`).
    public static func workingDirectory(_ data: Data) -> String? {
        var found: String?
        let decoder = JSONDecoder()
        _ = JSONLines.forEach(in: data, start: 0, containing: "\"cwd\"") { line, _ in
            guard found == nil, let cwd = (try? decoder.decode(Line.self, from: line))?.payload?.cwd else { return }
            found = cwd
        }
        return found
    }

    /// The rollout of a thread (its id ends the file name), else the newest rollout that ran in `worktree`.
    static func find(threadID: String?, in folders: [String], worktree: String) -> String? {
        let id = threadID.flatMap { $0.range(of: #"^[0-9A-Za-z-]{8,64}$"#, options: .regularExpression) != nil ? $0 : nil }
        var newest: (path: String, modified: Date)?
        for folder in folders {
            let sessions = folder + "sessions"
            guard let walker = FileManager.default.enumerator(atPath: sessions) else { continue }
            var seen = 0
            while let name = walker.nextObject() as? String, seen < 20_000 {
                seen += 1
                guard name.hasSuffix(".jsonl"), (name as NSString).lastPathComponent.hasPrefix("rollout-") else { continue }
                let path = sessions + "/" + name
                if let id, name.hasSuffix("-" + id + ".jsonl") { return path }
                guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                    newest.map({ modified > $0.modified }) ?? true
                else { continue }
                guard let handle = FileHandle(forReadingAtPath: path) else { continue }
                let head = (try? handle.read(upToCount: 64 << 10)) ?? Data()
                try? handle.close()
                if let cwd = workingDirectory(head), TranscriptAccess.ranIn(cwd, worktree: worktree) { newest = (path, modified) }
            }
        }
        return newest?.path
    }
}
