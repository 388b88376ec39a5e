import Foundation
import HTTPTypes
import HummingbirdTesting
import HummingbirdWSTesting
import OrchestratorCore
import Storage
import Synchronization
import Testing
import NIOWebSocket
import WSClient
@testable import WebApp
import Orchestration

@Suite("WebSockets: auth before upgrade, replay with since, live events, slow watchers dropped", .timeLimit(.minutes(3)))
struct WebSocketTests {
    @Test func anonymousAndForeignClientsAreRefusedBeforeTheUpgrade() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.testLive { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            _ = try await ProjectLifecycleTests.create(client, env, token: token)
            await #expect(throws: (any Error).self) { try await client.ws("/ws/projects/web-app") { _, _, _ in } }
            await #expect(throws: (any Error).self) { try await client.ws("/ws/projects/web-app?token=garbage") { _, _, _ in } }
            await #expect(throws: (any Error).self) { try await client.ws("/ws/projects/nope?token=\(token)") { _, _, _ in } }
        }
    }

    @Test func replayThenLiveInOrder() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vera", role: .viewer)
        try await env.testLive { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            _ = try await ProjectLifecycleTests.create(client, env, token: token)
            await env.services.runtime.events.flush()
            let stored = try env.services.database.events(projectID: "web-app")
            #expect(!stored.isEmpty)
            let viewer = try await client.login("vera", "password-123").access_token
            let received = Mutex<[[String: JSONValue]]>([])
            _ = try await client.ws("/ws/projects/web-app?since=0&token=\(viewer)") { inbound, outbound, _ in
                let watchdog = Task { try await Task.sleep(for: .seconds(20)); try await outbound.close(.goingAway, reason: "test timed out") }
                defer { watchdog.cancel() }
                var replayed = 0
                var sentLive = false
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message,
                        let event = try? JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
                    else { continue }
                    received.withLock { $0.append(event) }
                    replayed += 1
                    if replayed == stored.count, !sentLive {
                        sentLive = true
                        _ = try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"developer","content":"live one"}"#, token: token)
                    }
                    if case .string("message_queued") = event["type"], case .object(let data) = event["data"], data["content"] == .string("live one") {
                        try await outbound.close(.normalClosure, reason: nil)
                        break
                    }
                }
            }
            let events = received.withLock { $0 }
            // Live-only frames (agent_output) carry id 0; every stored event has its own increasing id.
            let ids = events.compactMap { event -> Double? in if case .number(let id) = event["id"], id != 0 { id } else { nil } }
            #expect(ids == ids.sorted())
            #expect(Set(ids).count == ids.count, "no event twice")
            #expect(ids.prefix(stored.count).map { Int64($0) } == stored.compactMap(\.id))
            #expect(events.last?["type"] == .string("message_queued"))
        }
    }

    @Test func agentOutputStreamsLiveToWatchers() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.testLive { client in
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            #expect(await eventually { ProjectLifecycleTests.pasted(project.agents[0], 1) != nil })
            let seen = Mutex("")
            _ = try await client.ws("/ws/projects/web-app?token=\(token)") { inbound, outbound, _ in
                let watchdog = Task { try await Task.sleep(for: .seconds(20)); try await outbound.close(.goingAway, reason: "test timed out") }
                defer { watchdog.cancel() }
                // Give the monitor a tick to know the pane, then make the agent print.
                try await Task.sleep(for: .milliseconds(400))
                _ = try await client.json(.post, "/api/v1/projects/web-app/messages", #"{"target_agent":"developer","content":"0123456789"}"#, token: token)
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message, text.contains(#""type":"agent_output""#) else { continue }
                    seen.withLock { $0 += text }
                    if seen.withLock({ $0.contains("got 10 bytes") }) {
                        try await outbound.close(.normalClosure, reason: nil)
                        break
                    }
                }
            }
            let output = seen.withLock { $0 }
            #expect(output.contains(#""agent_id":"developer""#))
            #expect(output.contains("got 10 bytes"))
            #expect(!output.contains("\\u001b"), "escape sequences are removed")
        }
    }

    @Test func aWatcherThatFallsBehindIsDroppedWithoutSlowingOthers() async throws {
        let database = try AppDatabase.inMemory()
        let hub = EventHub(database: database, backlog: 5)
        let dropped = Mutex(false)
        let (_, slow) = await hub.watch(projectID: "p") { dropped.withLock { $0 = true } }
        let (_, fast) = await hub.watch(projectID: "p") {}
        let consumer = Task { () -> Int in
            var count = 0
            for await _ in fast {
                count += 1
                if count == 20 { break }
            }
            return count
        }
        for index in 0..<20 {
            hub.log("tick", projectID: "p", ["n": index])
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await consumer.value == 20)
        #expect(dropped.withLock { $0 })
        var slowCount = 0
        for await _ in slow { slowCount += 1 }
        #expect(slowCount == 5, "the slow watcher got its buffer, then its stream ended")
        await hub.flush()
        #expect(try database.events(projectID: "p").count == 20, "every event was stored")
    }
}
