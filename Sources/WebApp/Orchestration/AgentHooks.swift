import Foundation
import OrchestratorCore

/// Installs the orchestrator's hooks for agents that call hook programs, without touching the user's settings.
enum AgentHooks {
    /// The launch command with the agent's hook settings added, writing any settings file it needs.
    static func command(_ command: String, profile: AgentProfile, files: AgentFiles) throws -> String {
        command
    }
}
