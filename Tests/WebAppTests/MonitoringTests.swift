import Foundation
import GRDB
import GitKit
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import OrchestratorCore
import Storage
import Synchronization
import Testing
@testable import OrchestratorCLI
@testable import WebApp
import Orchestration

@Suite("Monitoring: project status and metrics, system metrics, Prometheus, request ids in JSON logs", .timeLimit(.minutes(3)))
struct MonitoringTests {
    @Test func projectStatusAndMetricsDescribeTheRealAgents() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            let agent = try #require(project.agents.first)
            #expect(await eventually { ProjectLifecycleTests.pasted(agent, 1) != nil }, "briefed")
            let sent = try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"developer","content":"hello"}"#, token: token)
            #expect(sent.status == .accepted)
            #expect(await eventually { ProjectLifecycleTests.pasted(agent, 2) == "hello" })
            // An agent's own commit counts once it is on its branch.
            try "x\n".write(toFile: agent.worktreePath + "/feature.txt", atomically: true, encoding: .utf8)
            _ = try await GitRepository(path: agent.worktreePath).commit(message: "Add feature", author: GitAuthor(name: "developer", email: "d@x"))

            // The paste is recorded before its Enter goes out and the delivery is stored.
            #expect(await eventually {
                let counts = try? await client.json(.get, "/api/v1/projects/web-app/status", token: token).decode(StatusReport.self).messages
                return (counts?["delivered"] ?? 0) >= 2
            })
            let status = try await client.json(.get, "/api/v1/projects/web-app/status", token: token)
            #expect(status.status == .ok)
            let report = try status.decode(StatusReport.self)
            #expect(report.project_id == "web-app")
            #expect(report.status == "running")
            #expect(report.agents.map(\.agent_id) == ["developer"])
            #expect(report.messages["delivered", default: 0] >= 2, "the briefing and the message")
            #expect(report.last_activity != nil)

            #expect(await eventually {
                let metrics = try? await client.json(.get, "/api/v1/projects/web-app/metrics", token: token).decode(MetricsReport.self)
                return (metrics?.agents.first?.output_bytes ?? 0) > 0
            }, "the pane's output was counted")
            let metrics = try await client.json(.get, "/api/v1/projects/web-app/metrics", token: token).decode(MetricsReport.self)
            let figures = try #require(metrics.agents.first)
            #expect(metrics.messages.sent >= 2 && metrics.messages.delivered >= 2 && metrics.messages.failed == 0)
            #expect(figures.commits == 1 && metrics.commits == 1)
            #expect((figures.memory_bytes ?? 0) > 1_000_000, "a Python process holds at least a megabyte")
            #expect(figures.cpu_seconds != nil && (figures.processes ?? 0) >= 1)
            #expect((figures.uptime_seconds ?? -1) >= 0)

            let missing = try await client.json(.get, "/api/v1/projects/nope/metrics", token: token)
            #expect(missing.status == .notFound)
        }
    }

    @Test func systemMetricsCountProjectsAgentsTmuxAndTheServer() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vera", role: .viewer)
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            _ = try await ProjectLifecycleTests.create(client, env, token: token)
            let viewer = try await client.login("vera", "password-123").access_token
            let response = try await client.json(.get, "/api/v1/system/metrics", token: viewer)
            #expect(response.status == .ok)
            let metrics = try response.decode(SystemReport.self)
            #expect(metrics.projects.active == 1 && metrics.projects.by_status["running"] == 1)
            #expect(metrics.agents.total == 1)
            #expect(metrics.events.total > 0 && metrics.events.per_minute.count == 30 && metrics.events.per_minute.reduce(0, +) > 0)
            #expect(metrics.messages.per_minute.reduce(0, +) >= 1, "the briefing")
            #expect(metrics.database.size_bytes > 0)
            #expect(metrics.tmux.running && metrics.tmux.panes >= 1 && (metrics.tmux.memory_bytes ?? 0) > 0)
            #expect(metrics.server.memory_bytes > 1_000_000 && metrics.server.pid == getpid())
            #expect(metrics.websocket_connections == 0)
            #expect(!metrics.history.samples.isEmpty)

            let anonymous = try await client.execute(uri: "/api/v1/system/metrics", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func prometheusExpositionUsesTheSpecNames() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            _ = try await ProjectLifecycleTests.create(client, env, token: token)
            _ = try await client.execute(uri: "/api/v1/system/health", method: .get)
            _ = try await client.json(.get, "/api/v1/projects/web-app", token: token)
            let scrape = try await client.execute(uri: "/metrics", method: .get)
            #expect(scrape.status == .ok)
            #expect(scrape.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = scrape.text
            #expect(text.contains("orchestrator_active_projects 1"))
            #expect(text.contains(#"orchestrator_api_requests_total{method="GET",endpoint="/api/v1/system/health"} 1"#))
            #expect(text.contains(#"endpoint="/api/v1/projects/{id}""#), "routes are counted by pattern, not by id")
            #expect(text.contains("orchestrator_response_time_seconds_bucket"))
            #expect(text.contains(#"orchestrator_agents{status="idle"}"#) || text.contains(#"orchestrator_agents{status="active"}"#))
            #expect(text.contains(#"orchestrator_messages{status="delivered"}"#))
            #expect(text.contains("orchestrator_websocket_connections 0"))
            #expect(text.contains("orchestrator_tmux_memory_bytes"))
            // Through a proxy on this machine every caller looks local: forwarded requests are not taken as local.
            let proxied = try await client.execute(uri: "/metrics", method: .get, headers: [.init("X-Forwarded-For")!: "198.51.100.7"])
            #expect(proxied.status == .forbidden)
        }
    }

    @Test func prometheusShowsWaitsDeliveryTimesAndBackups() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            let agent = try #require(project.agents.first)
            _ = try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"developer","content":"timed"}"#, token: token)
            #expect(await eventually { ProjectLifecycleTests.pasted(agent, 2) == "timed" })
            #expect(try await client.json(.post, "/api/v1/system/backups", token: token).status == .created)
            #expect(await eventually {
                let text = try? await client.execute(uri: "/metrics", method: .get).text
                return text?.contains(#"orchestrator_message_delivery_seconds_count{outcome="delivered"} 2"#) == true
            }, "the briefing and the message were timed")
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"orchestrator_message_delivery_seconds_bucket{outcome="delivered",le="+Inf"} 2"#))
            #expect(metrics.contains(#"orchestrator_message_delivery_seconds_count{outcome="failed"} 0"#))
            #expect(metrics.contains(#"orchestrator_agent_waiting_seconds{project="web-app",agent="developer"} 0"#), "not waiting")
            #expect(metrics.contains("orchestrator_agents_waiting_longest_seconds 0"))
            #expect(metrics.contains(#"orchestrator_backups_total{outcome="succeeded"} 1"#))
            #expect(metrics.contains("orchestrator_backup_interval_seconds 3600"))
            #expect(!metrics.contains("orchestrator_backup_newest_timestamp_seconds 0\n"), "the backup just taken is the newest")

        }
        // An agent that waits for a person is timed from the moment its state changed (read with the server stopped,
        // so no screen reading changes the state meanwhile).
        try await env.services.database.writer.write { db in
            try db.execute(sql: "UPDATE agent SET status = 'waiting' WHERE project_id = 'web-app'")
            try db.execute(sql: "UPDATE agent SET status_since = ? WHERE project_id = 'web-app'", arguments: [Date().addingTimeInterval(-120)])
        }
        let waits = try env.services.database.agentWaitTimes()
        let text = OperationsMetricsText.render(waits: waits, latency: [:], backups: .init(intervalSeconds: 0, succeeded: 0, failed: 0, newest: nil))
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(#"orchestrator_agent_waiting_seconds{project="web-app",agent="developer"}"#) })
        let seconds = try #require(Double(line.split(separator: " ").last ?? ""))
        #expect(seconds >= 119 && seconds < 200, "\(line)")
        #expect(text.contains("orchestrator_agents_waiting_longest_seconds \(Int(seconds))") || text.contains("orchestrator_agents_waiting_longest_seconds \(seconds)"))
    }

    @Test func prometheusBeyondLoopbackNeedsTheConfiguredToken() async throws {
        let env = try await TestEnvironment.make {
            $0.server.trustForwardedFor = true
            $0.monitoring.metricsToken = "scrape-secret"
        }
        defer { env.cleanUp() }
        try await env.test { client in
            let remote: HTTPFields = [.init("X-Forwarded-For")!: "203.0.113.9"]
            let refused = try await client.execute(uri: "/metrics", method: .get, headers: remote)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("metrics_token"))
            var wrong = remote
            wrong[.authorization] = "Bearer not-it"
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: wrong).status == .forbidden)
            var right = remote
            right[.authorization] = "Bearer scrape-secret"
            let allowed = try await client.execute(uri: "/metrics", method: .get, headers: right)
            #expect(allowed.status == .ok)
            #expect(allowed.text.contains("orchestrator_active_projects 0"))
        }
    }

    @Test func everyJSONLogLineOfARequestCarriesItsRequestID() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        let lines = Mutex<[String]>([])
        var handler = JSONLogHandler(label: "test")
        handler.write = { line in lines.withLock { $0.append(line) } }
        let captured = handler
        let logger = Logger(label: "test") { _ in captured }
        let app = Application(router: buildRouter(env.services).router, logger: logger)
        let requestID = try await app.test(.router) { client in
            // A credential in the query (WebSockets carry one so) is never written to the log.
            _ = try await client.execute(uri: "/ws/system?token=orc_secret-in-the-query&since=3", method: .get)
            let response = try await client.execute(uri: "/api/v1/projects/missing", method: .get)
            #expect(response.status == .unauthorized)
            return try #require(response.headers[.init("X-Request-ID")!])
        }
        #expect(!lines.withLock { $0 }.contains { $0.contains("secret-in-the-query") }, "no token in any log line")
        let logged = lines.withLock { $0 }.compactMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
        let ofRequest = logged.filter { $0["request_id"] == requestID }
        #expect(!ofRequest.isEmpty, "the request was logged with its id")
        #expect(ofRequest.allSatisfy { $0["level"] != nil && $0["message"] != nil && $0["ts"] != nil })
        #expect(ofRequest.contains { $0["path"] == "/api/v1/projects/missing" && $0["method"] == "GET" })
        #expect(logged.contains { $0["path"] == "/ws/system?token=[redacted]&since=3" })
    }

    // Decoded shapes (the documents are snake case).
    struct StatusReport: Decodable {
        struct Agent: Decodable { var agent_id: String; var status: String }
        var project_id: String
        var status: String
        var agents: [Agent]
        var messages: [String: Int]
        var last_activity: String?
    }

    struct MetricsReport: Decodable {
        struct Messages: Decodable { var sent: Int; var delivered: Int; var failed: Int }
        struct Agent: Decodable {
            var output_bytes: Int
            var commits: Int?
            var memory_bytes: Int64?
            var cpu_seconds: Double?
            var processes: Int?
            var uptime_seconds: Int?
        }
        var messages: Messages
        var commits: Int
        var agents: [Agent]
    }

    struct SystemReport: Decodable {
        struct Projects: Decodable { var active: Int; var by_status: [String: Int] }
        struct Agents: Decodable { var total: Int }
        struct Messages: Decodable { var per_minute: [Int] }
        struct Events: Decodable { var total: Int; var per_minute: [Int] }
        struct Database: Decodable { var size_bytes: Int64 }
        struct Tmux: Decodable { var running: Bool; var panes: Int; var memory_bytes: Int64? }
        struct Server: Decodable { var memory_bytes: Int64; var pid: Int32 }
        struct History: Decodable { var samples: [[String: JSONValue]] }
        var projects: Projects
        var agents: Agents
        var messages: Messages
        var events: Events
        var database: Database
        var tmux: Tmux
        var server: Server
        var websocket_connections: Int
        var history: History
    }
}
