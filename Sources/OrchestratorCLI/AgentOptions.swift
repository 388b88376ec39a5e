import ArgumentParser
import Orchestration

/// `--project` and `--agent` for the commands agents run in their window, defaulting to the window's
/// `ORCHESTRATOR_PROJECT` and `ORCHESTRATOR_AGENT`.
struct AgentOptions: ParsableArguments {
    @Option(help: "Project; default ORCHESTRATOR_PROJECT.") var project: String?
    @Option(help: "Agent; default ORCHESTRATOR_AGENT.") var agent: String?

    /// The agent's API path, e.g. `/api/v1/projects/shop/agents/developer`.
    func path() throws -> String {
        let (project, agent) = try names()
        return "/api/v1/projects/\(project)/agents/\(agent)"
    }

    /// The project and agent, from the options or the agent's environment.
    func names() throws -> (project: String, agent: String) {
        (try ServerOptions.required(project, "ORCHESTRATOR_PROJECT", "project"), try ServerOptions.required(agent, "ORCHESTRATOR_AGENT", "agent"))
    }
}
