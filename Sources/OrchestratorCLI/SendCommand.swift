import ArgumentParser
import Foundation
import Orchestration

/// `orchestrator send <project> <agent> <text|->` (agents: `orchestrator send <agent> <text>` inside their window).
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send a message to an agent (text, or - to read standard input).")

    @Argument(help: "[project] agent text — the project defaults to ORCHESTRATOR_PROJECT.") var words: [String]
    @Option(help: "low, normal, high or urgent.") var priority: String = "normal"
    @Flag(name: .customLong("requires-response"), help: "Ask the agent to answer.") var requiresResponse = false
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let (project, agent, text): (String, String, String)
        switch words.count {
        case 3: (project, agent, text) = (words[0], words[1], words[2])
        case 2: (project, agent, text) = (try ServerOptions.required(nil, "ORCHESTRATOR_PROJECT", "project"), words[0], words[1])
        default: throw ValidationError("usage: orchestrator send [project] <agent> <text|->")
        }
        let content = text == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : text
        let answer = try await server.client().call(
            "POST", "/api/v1/projects/\(project)/messages",
            body: ["target_agent": agent, "content": content, "priority": priority, "requires_response": requiresResponse])
        let message = answer as? [String: Any]
        print("Message \(message?["id"] ?? "?") to \(agent): \(message?["status"] ?? "queued")")
    }
}
