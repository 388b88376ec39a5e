import ArgumentParser
import Foundation
import Orchestration

/// `orchestrator report`: an agent tells the team what it is doing, how far it is, and what blocks it.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Report progress (agents run this in their window).")

    @Option(help: "What you are working on.") var task: String?
    @Option(help: "Progress from 0 to 1.") var progress: Double?
    @Option(help: "What blocks you (empty to clear).") var blocker: String?
    @Argument(help: "A Markdown message (or - for standard input).") var message: String?
    @OptionGroup var identity: AgentOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let path = try identity.path()
        var body: [String: Any] = [:]
        if let task { body["current_task"] = task }
        if let progress { body["progress"] = progress }
        if let blocker { body["blockers"] = blocker }
        if let message { body["message"] = message == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : message }
        let answer = try await server.client().call("POST", path + "/report", body: body) as? [String: Any]
        print("Reported for \(answer?["agent_id"] ?? "the agent").")
    }
}
