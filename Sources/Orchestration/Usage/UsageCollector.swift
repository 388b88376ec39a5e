import Foundation
import Logging
import Storage

/// Reads what agents spend, without asking them: Claude Code transcripts and Gemini CLI chat recordings (named by
/// their hooks), Codex rollouts
/// (found from its `notify` thread id), aider's cost lines on its screen. Each file is read from where the last
/// read stopped (the offset is stored with the entries, in one transaction, so a restart neither loses nor counts
/// twice); known files are looked at again every `usage.poll_seconds`, and at once when a hook names them.
package actor UsageCollector {
    private let database: AppDatabase
    private let access: TranscriptAccess
    private let logger: Logger
    private var onNewUsage: (@Sendable (String) async -> Void)?
    /// Largest read in one go (a long transcript is read in several).
    private let chunkBytes = 8 << 20
    /// Paths an agent named that were refused, so a refusal is logged once.
    private var refused: Set<String> = []

    package init(database: AppDatabase, access: TranscriptAccess, logger: Logger) {
        self.database = database
        self.access = access
        self.logger = logger
    }

    /// Sets what runs after new usage of a project was stored (the budget check).
    package func whenUsageGrows(_ handler: @escaping @Sendable (String) async -> Void) { onNewUsage = handler }

    /// A Claude Code or Gemini CLI hook named its session's transcript (`kind` says which): read it now (and from now
    /// on), if it is the agent's. Claude's sub-agents write beside it (`<session>/subagents/*.jsonl`).
    package func transcript(_ path: String, kind: String, agent: AgentRecord) async {
        guard let real = access.check(path, projectID: agent.projectId, agentID: agent.id) else {
            // A transcript is named before its first line is written: a missing file is looked for again at the next hook.
            if FileManager.default.fileExists(atPath: path), refused.insert(path).inserted {
                logger.warning("usage: \(agent.projectId)/\(agent.id) named a transcript outside the \(kind == "gemini" ? "Gemini" : "Claude") folders: \(path)")
            }
            return
        }
        await adopt(real, kind: kind, agent: agent)
        guard kind == "claude" else { return }
        let folder = String(real.dropLast(".jsonl".count)) + "/subagents"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".jsonl") {
            if let sub = access.check(folder + "/" + name, projectID: agent.projectId, agentID: agent.id) {
                await adopt(sub, kind: "claude", agent: agent)
            }
        }
    }

    /// Codex's `notify` named a finished turn of thread `threadID`: find its rollout and read it.
    package func codexTurn(threadID: String?, agent: AgentRecord) async {
        let folders = access.codexFolders(projectID: agent.projectId, agentID: agent.id)
        guard let file = CodexRollout.find(threadID: threadID, in: folders, worktree: agent.worktreePath),
            let real = access.check(file, projectID: agent.projectId, agentID: agent.id)
        else { return }
        await adopt(real, kind: "codex", agent: agent)
    }

    /// aider's screen as the monitor read it: its `Tokens: … Cost: …` lines.
    package func aiderScreen(_ screen: String, agent: AgentRecord) async {
        let path = "screen:\(agent.projectId)/\(agent.id)"
        let previous = try? database.usageSource(path: path)
        if previous.map({ $0.projectId != agent.projectId || $0.agentId != agent.id }) == true { return }
        var state = AiderCostLines.State(json: previous?.state)
        let run = (agent.briefedAt ?? agent.createdAt).timeIntervalSince1970
        let items = AiderCostLines.read(screen, state: &state, run: "\(agent.projectId)/\(agent.id)@\(Int(run))")
        guard !items.isEmpty || previous == nil || previous?.state != state.json else { return }
        let source = UsageSource(path: path, projectId: agent.projectId, agentId: agent.id, kind: "aider", offset: 0, state: state.json)
        await store(items, source: source)
    }

    /// Looks at every known file again and reads what was appended.
    package func poll() async {
        guard let sources = try? database.liveUsageSources() else { return }
        for source in sources where source.kind != "aider" {
            guard let size = Self.size(of: source.path), size != source.offset else { continue }
            await read(source, size: size)
        }
    }

    /// Polls until cancelled.
    package func run(every interval: Double) async {
        while !Task.isCancelled {
            await poll()
            try? await Task.sleep(for: .seconds(max(0.2, interval)))
        }
    }

    /// Starts reading a file for an agent, unless another agent's usage is already read from it.
    private func adopt(_ path: String, kind: String, agent: AgentRecord) async {
        let known = try? database.usageSource(path: path)
        if let known {
            guard known.projectId == agent.projectId, known.agentId == agent.id else {
                if refused.insert(path).inserted { logger.warning("usage: \(agent.projectId)/\(agent.id) named \(known.projectId)/\(known.agentId)'s transcript") }
                return
            }
            if let size = Self.size(of: path), size != known.offset { await read(known, size: size) }
            return
        }
        // Whose session it is: the file's own working directory must be the agent's worktree.
        guard let head = Self.head(of: path) else { return }
        let ours: Bool
        switch kind {
        case "gemini": ours = GeminiChatRecord.ranIn(head, path: path, worktree: agent.worktreePath)
        case "codex": ours = CodexRollout.workingDirectory(head).map { TranscriptAccess.ranIn($0, worktree: agent.worktreePath) } ?? false
        default: ours = ClaudeTranscript.workingDirectory(head).map { TranscriptAccess.ranIn($0, worktree: agent.worktreePath) } ?? false
        }
        guard ours else {
            if refused.insert(path).inserted { logger.warning("usage: \(path) did not run in \(agent.projectId)/\(agent.id)'s worktree") }
            return
        }
        let source = UsageSource(path: path, projectId: agent.projectId, agentId: agent.id, kind: kind)
        await read(source, size: Self.size(of: path) ?? 0)
    }

    /// Reads a file from its stored offset to `size`, storing entries and the new offset together.
    private func read(_ known: UsageSource, size: Int64) async {
        var source = known
        if size < source.offset {
            // Shorter than what was read: rewritten. Read again from the start; entries with ids are not counted twice.
            source.offset = 0
            source.state = nil
        }
        // Still a regular file, not a link an agent put there since it was checked (only its own figures could grow).
        guard (try? FileManager.default.attributesOfItem(atPath: source.path))?[.type] as? FileAttributeType == .typeRegular,
            let handle = FileHandle(forReadingAtPath: source.path)
        else { return }
        defer { try? handle.close() }
        while source.offset < size {
            do { try handle.seek(toOffset: UInt64(source.offset)) } catch { return }
            guard let data = try? handle.read(upToCount: chunkBytes), !data.isEmpty else { return }
            let items: [UsageItem], consumed: Int
            if source.kind == "codex" {
                var state = CodexRollout.State(json: source.state)
                (items, consumed) = CodexRollout.read(data, start: source.offset, path: source.path, state: &state)
                source.state = state.json
            } else if source.kind == "gemini" {
                (items, consumed) = GeminiChatRecord.read(data, start: source.offset, path: source.path)
            } else {
                (items, consumed) = ClaudeTranscript.read(data, start: source.offset, path: source.path)
            }
            if consumed == 0 {
                // No whole line: a line longer than a chunk is skipped, a partial last line waits for the rest.
                if data.count < chunkBytes { return }
                source.offset += Int64(data.count)
            } else {
                source.offset += Int64(consumed)
            }
            source.updatedAt = Date()
            await store(items, source: source)
        }
    }

    private func store(_ items: [UsageItem], source: UsageSource) async {
        let now = Date()
        let entries = items.map { item in
            UsageEntryRecord(
                projectId: source.projectId, agentId: source.agentId, model: String(item.model.prefix(200)), source: source.kind,
                occurredAt: item.occurredAt ?? now, inputTokens: item.tokens.input, outputTokens: item.tokens.output,
                cacheCreationInputTokens: item.tokens.cacheCreation, cacheReadInputTokens: item.tokens.cacheRead, costDollars: item.costDollars,
                dedupeKey: item.dedupeKey)
        }
        do {
            let added = try database.recordUsage(entries, source: source)
            if added > 0, let onNewUsage { await onNewUsage(source.projectId) }
        } catch {
            logger.error("usage: could not store what \(source.path) holds: \(error)")
        }
    }

    /// The first 256 KB of a file.
    private static func head(of path: String) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return try? handle.read(upToCount: 256 << 10)
    }

    private static func size(of path: String) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.size].flatMap { ($0 as? NSNumber)?.int64Value }
    }
}
