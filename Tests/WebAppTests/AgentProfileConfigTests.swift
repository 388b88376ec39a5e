import Foundation
import OrchestratorCore
import Testing
@testable import WebApp
import Orchestration

@Suite("Agent profiles from the config file", .timeLimit(.minutes(3)))
struct AgentProfileConfigTests {
    @Test func aConfiguredProfileIsUsedForItsProgram() throws {
        let file = try ConfigurationTests.temporaryFile(
            """
            agents:
              profiles:
                - name: mybot
                  command: mybot --interactive
                  ready_patterns: ['mybot> *$']
                  waiting_patterns: ['Approve\\?']
                - name: claude
                  command: claude
                  waiting_patterns: ['Custom question']
            """)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let configuration = try ConfigurationLoader.load(environment: ["ORCHESTRATOR_CONFIG": file])
        let custom = configuration.agents.profiles
        #expect(custom.map(\.name) == ["mybot", "claude"])
        let mybot = LaunchCommand.profile(for: "/opt/bin/mybot --fast", custom: custom)
        #expect(mybot.name == "mybot")
        let waiting = AgentStatusClassifier.classify(
            AgentObservation(currentCommand: "mybot", secondsSinceStart: 60, secondsSinceLastOutput: 10, screen: "Approve?"), profile: mybot)
        #expect(waiting.state == .waiting)
        // A configured profile replaces the built-in one of the same name; others stay built in.
        #expect(LaunchCommand.profile(for: "claude", custom: custom).waitingPatterns == ["Custom question"])
        #expect(LaunchCommand.profile(for: "codex", custom: custom) == .codex)
        // The Cursor CLI's other names.
        #expect(LaunchCommand.profile(for: "cursor agent --model sonnet") == .cursorAgent)
        #expect(LaunchCommand.profile(for: "/home/me/.local/bin/agent") == .cursorAgent)
    }

    @Test func invalidPatternsAreRefusedAtStart() throws {
        let file = try ConfigurationTests.temporaryFile(
            """
            agents:
              profiles:
                - name: broken
                  command: broken
                  busy_patterns: ['(unclosed']
            """)
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(environment: ["ORCHESTRATOR_CONFIG": file]) }
    }
}
