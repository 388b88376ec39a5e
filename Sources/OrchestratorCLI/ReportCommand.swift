import ArgumentParser
import Foundation

/// `orchestrator report`: an agent tells the team what it is doing, how far it is, and what blocks it.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Report progress (agents run this in their window).")

    @Option(help: "What you are working on.") var task: String?
    @Option(help: "Progress from 0 to 1.") var progress: Double?
    @Option(help: "What blocks you (empty to clear).") var blocker: String?
    @Argument(help: "A Markdown message (or - for standard input).") var message: String?
    @Option(help: "Project; default ORCHESTRATOR_PROJECT.") var project: String?
    @Option(help: "Agent; default ORCHESTRATOR_AGENT.") var agent: String?
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let project = try ServerOptions.required(project, "ORCHESTRATOR_PROJECT", "project")
        let agent = try ServerOptions.required(agent, "ORCHESTRATOR_AGENT", "agent")
        var body: [String: Any] = [:]
        if let task { body["current_task"] = task }
        if let progress { body["progress"] = progress }
        if let blocker { body["blockers"] = blocker }
        if let message { body["message"] = message == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : message }
        _ = try await server.client().call("POST", "/api/v1/projects/\(project)/agents/\(agent)/report", body: body)
        print("Reported for \(agent).")
    }
}
