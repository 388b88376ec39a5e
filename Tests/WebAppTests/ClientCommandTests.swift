import Foundation
import HTTPTypes
import HummingbirdTesting
import OrchestratorCLI
import OrchestratorCore
import Storage
import Testing
@testable import WebApp
import Orchestration

@Suite("Client commands over HTTP: send, report, schedule, projects", .timeLimit(.minutes(3)))
struct ClientCommandTests {
    @Test func agentsAndPeopleTalkToTheServerFromATerminal() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.testLive { client in
            let url = "http://127.0.0.1:\(try #require(client.port))"
            let token = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let project = try await ProjectLifecycleTests.create(client, env, token: token)
            let agentToken = try env.services.apiKeys.createAgentToken(projectID: project.id, agentID: "developer", ownerID: 1).secret
            let asAgent = ["--url", url, "--token", agentToken]

            try await OrchestratorCommand.run(arguments: ["send", project.id, "developer", "from a person", "--url", url, "--token", token])
            try await OrchestratorCommand.run(arguments: ["report", "--task", "writing the cart", "--progress", "0.25", "--project", project.id, "--agent", "developer", "Cart **half** done"] + asAgent)
            try await OrchestratorCommand.run(arguments: ["schedule", "30", "look at the tests", "--project", project.id, "--agent", "developer"] + asAgent)
            try await OrchestratorCommand.run(arguments: ["projects", "--url", url, "--token", token])

            let messages = try await env.services.database.messages(projectID: project.id)
            #expect(messages.contains { $0.content == "from a person" && $0.sender == "admin" })
            let agent = try await #require(try env.services.database.agent(projectID: project.id, id: "developer"))
            #expect(agent.currentTask == "writing the cart")
            #expect(agent.progress == 0.25)
            #expect(agent.lastReport == "Cart **half** done")
            #expect(try env.services.database.checkins(projectID: project.id).map(\.note) == ["look at the tests"])

            // Refusals from the server reach the terminal as errors, and change nothing.
            await #expect(throws: (any Error).self) {
                try await OrchestratorCommand.run(arguments: ["send", project.id, "ghost", "hello"] + asAgent)
            }
            await #expect(throws: (any Error).self) {
                try await OrchestratorCommand.run(arguments: ["projects", "--url", url, "--token", "orc_wrong"])
            }
            await #expect(try env.services.database.messages(projectID: project.id).count == messages.count)
        }
    }
}
