import Foundation
import Logging
import OrchestratorCore
import Storage
import Testing

@testable import Orchestration

/// The usage readers against fixture files written from Claude Code's, Codex's and aider's public formats
/// (`Tests/Fixtures/usage/README.md` cites them); the expected totals come from `expected.py`, an independent reader
/// of the same rules, and for Claude agree with PyPI's claude-monitor except where it keeps a partial copy.
// Serialized: the small-chunk reads are synchronous database work, kept to one of the test run's threads at a time.
@Suite("Usage readers: transcripts, rollouts and aider's screen, totals against the fixtures' figures", .serialized)
struct UsageReaderTests {
    static let fixtures = TestEnvironment.repoRoot + "/Tests/Fixtures/usage"

    struct Expected: Decodable {
        struct Tokens: Decodable {
            var input_tokens: Int64
            var output_tokens: Int64
            var cache_creation_input_tokens: Int64
            var cache_read_input_tokens: Int64
            var entries: Int
        }
        struct Aider: Decodable {
            var model: String
            var sent: Int64
            var received: Int64
            var cache_write: Int64
            var cache_hit: Int64
            var message_costs_dollars: [Double]
        }
        var claude: [String: Tokens]
        var codex: [String: Tokens]
        var aider: Aider
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: fixtures + "/expected.json")))
    }

    /// A database with one project whose agent `developer` owns the sources.
    static func database() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.insertProject(ProjectRecord(id: "shop", name: "Shop", description: "", projectPath: "/tmp/shop", specContent: "", status: .running, priority: .normal))
        return database
    }

    /// Reads `path` in chunks of `chunk` bytes (cutting lines anywhere, as appends do) into `database`.
    static func readInChunks(_ path: String, kind: String, chunk: Int, into database: AppDatabase) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var source = UsageSource(path: path, projectId: "shop", agentId: "developer", kind: kind)
        var visible = 0
        while visible < data.count {
            visible = min(data.count, visible + chunk)
            let appended = data.subdata(in: Int(source.offset)..<visible)
            let items: [UsageItem], consumed: Int
            if kind == "codex" {
                var state = CodexRollout.State(json: source.state)
                (items, consumed) = CodexRollout.read(appended, start: source.offset, path: path, state: &state)
                source.state = state.json
            } else if kind == "gemini" {
                (items, consumed) = GeminiChatRecord.read(appended, start: source.offset, path: path)
            } else {
                (items, consumed) = ClaudeTranscript.read(appended, start: source.offset, path: path)
            }
            source.offset += Int64(consumed)
            try database.recordUsage(
                items.map {
                    UsageEntryRecord(
                        projectId: "shop", agentId: "developer", model: $0.model, source: kind, occurredAt: $0.occurredAt ?? Date(),
                        inputTokens: $0.tokens.input, outputTokens: $0.tokens.output, cacheCreationInputTokens: $0.tokens.cacheCreation,
                        cacheReadInputTokens: $0.tokens.cacheRead, costDollars: $0.costDollars, dedupeKey: $0.dedupeKey)
                }, source: source)
        }
    }

    /// Sums by model from the day sums, or (`raw`) from the entries themselves (a bound that is not a whole day).
    static func byModel(_ database: AppDatabase, raw: Bool = false) throws -> [String: UsageSum] {
        var merged: [String: UsageSum] = [:]
        for sum in try database.usageSums(projectID: "shop", by: .model, since: raw ? Date(timeIntervalSince1970: 1) : nil) {
            if var known = merged[sum.model] {
                known.inputTokens += sum.inputTokens
                known.outputTokens += sum.outputTokens
                known.cacheCreationInputTokens += sum.cacheCreationInputTokens
                known.cacheReadInputTokens += sum.cacheReadInputTokens
                known.entries += sum.entries
                merged[sum.model] = known
            } else {
                merged[sum.model] = sum
            }
        }
        return merged
    }

    static func check(_ found: [String: UsageSum], against expected: [String: Expected.Tokens]) {
        #expect(Set(found.keys) == Set(expected.keys))
        for (model, want) in expected {
            let got = found[model]
            #expect(got?.inputTokens == want.input_tokens, "\(model) input")
            #expect(got?.outputTokens == want.output_tokens, "\(model) output")
            #expect(got?.cacheCreationInputTokens == want.cache_creation_input_tokens, "\(model) cache creation")
            #expect(got?.cacheReadInputTokens == want.cache_read_input_tokens, "\(model) cache read")
            #expect(got?.entries == want.entries, "\(model) entries")
        }
    }

    @Test(arguments: [1 << 20, 97, 5])
    func claudeTranscriptsCountEachResponseOnceWithItsFullCount(chunk: Int) throws {
        let database = try Self.database()
        // The main session (streamed copies, a partial copy, sidechains, a cut last line) and a sub-agent's file.
        try Self.readInChunks(Self.fixtures + "/claude/session-a.jsonl", kind: "claude", chunk: chunk, into: database)
        try Self.readInChunks(Self.fixtures + "/claude/session-a/subagents/agent-1.jsonl", kind: "claude", chunk: chunk, into: database)
        Self.check(try Self.byModel(database), against: try Self.expected().claude)
        Self.check(try Self.byModel(database, raw: true), against: try Self.expected().claude)
        // Read again from the start (a restart that lost its offset): nothing counts twice.
        try Self.readInChunks(Self.fixtures + "/claude/session-a.jsonl", kind: "claude", chunk: 1 << 20, into: database)
        Self.check(try Self.byModel(database), against: try Self.expected().claude)
    }

    @Test(arguments: [1 << 20, 113])
    func codexRolloutsCountTheChangeOfTheirRunningTotals(chunk: Int) throws {
        let database = try Self.database()
        let folder = Self.fixtures + "/codex"
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasPrefix("rollout-") })
        try Self.readInChunks(folder + "/" + file, kind: "codex", chunk: chunk, into: database)
        Self.check(try Self.byModel(database), against: try Self.expected().codex)
        Self.check(try Self.byModel(database, raw: true), against: try Self.expected().codex)
    }

    @Test(arguments: [1 << 20, 61])
    func geminiRecordingsCountEachMessageOnceWithItsFullCount(chunk: Int) throws {
        let database = try Self.database()
        let file = Self.fixtures + "/gemini/session-2026-12-01T10-00-3f2a9c1e.jsonl"
        try Self.readInChunks(file, kind: "gemini", chunk: chunk, into: database)
        // The fixture's README works these out: input less cached plus tool, output plus thoughts, cached as a cache read.
        let want: [String: Expected.Tokens] = [
            "gemini-2.5-pro": .init(input_tokens: 3670, output_tokens: 601, cache_creation_input_tokens: 0, cache_read_input_tokens: 21800, entries: 2),
            "gemini-2.5-flash": .init(input_tokens: 3000, output_tokens: 200, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, entries: 1),
        ]
        Self.check(try Self.byModel(database), against: want)
        let head = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(GeminiChatRecord.ranIn(head, path: file, worktree: "/home/dev/shop-api"))
        #expect(!GeminiChatRecord.ranIn(head, path: file, worktree: "/home/dev/other"), "another project's recording is not this agent's")
    }

    @Test func aidersReportsCountOnceWithTheirStatedCost() throws {
        let screen = try String(contentsOfFile: Self.fixtures + "/aider/screen.txt", encoding: .utf8)
        let want = try Self.expected().aider
        var state = AiderCostLines.State(json: nil)
        let items = AiderCostLines.read(screen, state: &state, run: "shop/developer@1")
        #expect(items.count == want.message_costs_dollars.count)
        #expect(items.allSatisfy { $0.model == want.model })
        #expect(items.map(\.tokens.input).reduce(0, +) == want.sent)
        #expect(items.map(\.tokens.output).reduce(0, +) == want.received)
        #expect(items.map(\.tokens.cacheCreation).reduce(0, +) == want.cache_write)
        #expect(items.map(\.tokens.cacheRead).reduce(0, +) == want.cache_hit)
        #expect(items.compactMap(\.costDollars) == want.message_costs_dollars)
        // The same screen looked at again, and again after a restart (state from its JSON): nothing new.
        #expect(AiderCostLines.read(screen, state: &state, run: "shop/developer@1").isEmpty)
        var restored = AiderCostLines.State(json: state.json)
        #expect(AiderCostLines.read(screen, state: &restored, run: "shop/developer@1").isEmpty)
    }

    @Test func aidersReportsWithoutACostCountTheirTokensOnceSomethingFollows() {
        // A model aider has no price for: the report stops after "received." and the cost stays unknown.
        let banner = "Aider v0.86.1\nMain model: openrouter/acme/unpriced-9 with diff edit format\n"
        var state = AiderCostLines.State(json: nil)
        let drawing = banner + "Tokens: 2.4k sent, 156 received.\n"
        #expect(AiderCostLines.read(drawing, state: &state, run: "shop/developer@1").isEmpty, "a cost part may still be drawn below it")
        let halfCost = banner + "Tokens: 2.4k sent, 156 received.\nCost: $0.0"
        #expect(AiderCostLines.read(halfCost, state: &state, run: "shop/developer@1").isEmpty, "a cost part half drawn is waited for")
        let done = banner + "Tokens: 2.4k sent, 156 received.\n\nsrc/app.py\n> "
        let items = AiderCostLines.read(done, state: &state, run: "shop/developer@1")
        #expect(items.count == 1 && items.first?.tokens.input == 2400 && items.first?.tokens.output == 156)
        #expect(items.first?.costDollars == nil && items.first?.model == "openrouter/acme/unpriced-9", "tokens counted, cost unknown")
        #expect(AiderCostLines.read(done, state: &state, run: "shop/developer@1").isEmpty, "once")
    }

    @Test func pricesComeFromTheTableByTheNameAgentsUse() throws {
        let table = try PriceTable.load(file: TestEnvironment.repoRoot + "/Resources/model-prices.json")
        #expect(table.count > 100 && !table.version.isEmpty && !table.date.isEmpty)
        let sonnet = try #require(table.price(for: "claude-sonnet-4-5-20250929"))
        #expect(sonnet.input == 3 && sonnet.output == 15 && sonnet.cacheWrite == 3.75 && sonnet.cacheRead == 0.3)
        #expect(table.price(for: "anthropic/claude-sonnet-4-5-20250929") == sonnet, "a provider prefix is dropped")
        #expect(table.price(for: "gemini-2.5-pro") != nil, "LiteLLM's gemini/ prefix is tried")
        #expect(table.price(for: "no-such-model-7") == nil)
        // 1M input, 1M output, 1M cache write, 1M cache read of Sonnet 4.5: 3 + 15 + 3.75 + 0.3.
        let cost = sonnet.cost(TokenCounts(input: 1_000_000, output: 1_000_000, cacheCreation: 1_000_000, cacheRead: 1_000_000))
        #expect(abs(cost - 22.05) < 1e-9)
        let overridden = try PriceTable.load(
            file: TestEnvironment.repoRoot + "/Resources/model-prices.json", overrides: ["claude-sonnet-4-5-20250929": ModelPrice(input: 1, output: 2)])
        #expect(overridden.price(for: "claude-sonnet-4-5-20250929")?.output == 2)
    }

    @Test func aReportPricesKnownModelsAndLeavesUnknownOnesOut() throws {
        let database = try Self.database()
        let source = UsageSource(path: "/x.jsonl", projectId: "shop", agentId: "developer", kind: "claude")
        let day = try Date("2026-12-01T10:00:00Z", strategy: .iso8601)
        try database.recordUsage(
            [
                UsageEntryRecord(
                    projectId: "shop", agentId: "developer", model: "claude-haiku-4-5-20251001", source: "claude", occurredAt: day, inputTokens: 50_000,
                    outputTokens: 10_000, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, dedupeKey: "a"),
                UsageEntryRecord(
                    projectId: "shop", agentId: "tester", model: "mystery-1", source: "claude", occurredAt: day.addingTimeInterval(86_400), inputTokens: 7,
                    outputTokens: 3, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, dedupeKey: "b"),
                UsageEntryRecord(
                    projectId: "shop", agentId: "tester", model: "unknown", source: "aider", occurredAt: day, inputTokens: 100, outputTokens: 10,
                    cacheCreationInputTokens: 0, cacheReadInputTokens: 0, costDollars: 0.25, dedupeKey: "c"),
            ], source: source)
        let table = try PriceTable.load(file: TestEnvironment.repoRoot + "/Resources/model-prices.json")
        let byModel = try UsageReport.read(database, prices: table, projectID: "shop", by: .model)
        #expect(byModel.rows.map(\.key) == ["claude-haiku-4-5-20251001", "mystery-1", "unknown"])
        #expect(abs((byModel.rows[0].figures.cost ?? 0) - 0.10) < 1e-9)
        #expect(byModel.rows[1].figures.cost == nil && byModel.rows[1].figures.unpricedModels == ["mystery-1"])
        #expect(byModel.rows[2].figures.cost == 0.25, "a stated cost is kept")
        #expect(abs((byModel.total.cost ?? 0) - 0.35) < 1e-9 && byModel.total.tokens.total == 60_000 + 10 + 110)
        let byDay = try UsageReport.read(database, prices: table, projectID: "shop", by: .day)
        #expect(byDay.rows.map(\.key) == ["2026-12-01", "2026-12-02"])
        let byAgent = try UsageReport.read(database, prices: table, projectID: "shop", by: .agent, since: day.addingTimeInterval(3600))
        #expect(byAgent.rows.map(\.key) == ["tester"] && byAgent.total.tokens.total == 10)
    }
}
