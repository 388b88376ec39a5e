import ArgumentParser
import Orchestration

/// `--project` and `--agent` for the commands agents run in their window, defaulting to the window's
/// `ORCHESTRATOR_PROJECT` and `ORCHESTRATOR_AGENT`.
struct AgentOptions: ParsableArguments {
    @Option(help: "Project; default ORCHESTRATOR_PROJECT.") var project: String?
    @Option(help: "Agent; default ORCHESTRATOR_AGENT.") var agent: String?

    /// The agent's API path, e.g. `/api/v1/projects/shop/agents/developer`.
    func path() throws -> String {
        let project = try ServerOptions.required(project, "ORCHESTRATOR_PROJECT", "project")
        let agent = try ServerOptions.required(agent, "ORCHESTRATOR_AGENT", "agent")
        return "/api/v1/projects/\(project)/agents/\(agent)"
    }
}
