import ArgumentParser
import Foundation
import Orchestration

/// `orchestrator schedule <minutes> <note>`: a check-in delivered to an agent later.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schedule", abstract: "Schedule a check-in note for an agent.")

    @Argument(help: "Minutes from now.") var minutes: Double
    @Argument(help: "The note to deliver.") var note: String
    @Option(help: "Target agent; default ORCHESTRATOR_AGENT (yourself).") var agent: String?
    @Option(help: "Project; default ORCHESTRATOR_PROJECT.") var project: String?
    @Option(name: .customLong("repeat"), help: "Repeat every N minutes.") var repeatMinutes: Int?
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let project = try ServerOptions.required(project, "ORCHESTRATOR_PROJECT", "project")
        let agent = try ServerOptions.required(agent, "ORCHESTRATOR_AGENT", "agent")
        var body: [String: Any] = ["target_agent": agent, "minutes": minutes, "note": note]
        if let repeatMinutes { body["repeat_minutes"] = repeatMinutes }
        let answer = try await server.client().call("POST", "/api/v1/projects/\(project)/checkins", body: body)
        print("Check-in \((answer as? [String: Any])?["id"] ?? "?") for \(agent) at \((answer as? [String: Any])?["due_at"] ?? "?").")
    }
}
