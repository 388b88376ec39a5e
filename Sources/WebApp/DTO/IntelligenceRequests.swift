import Foundation
import Orchestration

/// `POST /api/v2/projects/natural`.
struct NaturalProjectRequest: Decodable, Sendable {
    var prompt: String
    /// Free-form hints (`preferred_stack`, `team_size_preference`, `deployment_target`, `project_path`, …).
    var context: [String: JSONValue]?
    /// False asks the heuristic even when a model is configured.
    var useDaemon: Bool?
    /// The program every agent runs (as in `POST /api/v1/projects`).
    var agentCommand: String?

    enum CodingKeys: String, CodingKey {
        case prompt, context
        case useDaemon = "use_daemon"
        case agentCommand = "agent_command"
    }
}

/// `POST /api/v2/monitoring/ask-ai`.
struct AskAIRequest: Decodable, Sendable {
    var question: String
    var context: String?
    /// Restricts the answer to one project.
    var projectId: String?

    enum CodingKeys: String, CodingKey {
        case question, context
        case projectId = "project_id"
    }
}

/// `POST /api/v2/projects/{id}/communicate`.
struct CommunicateRequest: Decodable, Sendable {
    var intent: String?
    var naturalLanguage: String
    var targetContext: String?
    var includeAnalysis: Bool?
    /// How long to wait for the agents' replies (default 60, at most 600).
    var waitSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case intent
        case naturalLanguage = "natural_language"
        case targetContext = "target_context"
        case includeAnalysis = "include_analysis"
        case waitSeconds = "wait_seconds"
    }
}

/// `POST /api/v2/daemon/chat/{session_id}`.
struct ChatRequest: Decodable, Sendable {
    var message: String
}

/// `POST /api/v2/daemon/chat`: a new chat session, about one project if given.
struct StartChatRequest: Decodable, Sendable {
    var title: String?
    var projectId: String?

    enum CodingKeys: String, CodingKey {
        case title
        case projectId = "project_id"
    }
}

/// `POST /api/v2/batch/process`.
struct BatchRequest: Decodable, Sendable {
    struct Specification: Decodable, Sendable {
        var content: String
        var priority: String?
    }

    var specifications: [Specification]
    /// `intelligent` (the planned order, the default) or `sequential` (the order given).
    var processingMode: String?
    var optimizationGoals: [String]?
    var notificationWebhook: String?
    /// The program every item's agents run (as in `POST /api/v1/projects`).
    var agentCommand: String?
    /// How many items run at once (default `batch.max_concurrent_projects`).
    var maxConcurrent: Int?

    enum CodingKeys: String, CodingKey {
        case specifications
        case processingMode = "processing_mode"
        case optimizationGoals = "optimization_goals"
        case notificationWebhook = "notification_webhook"
        case agentCommand = "agent_command"
        case maxConcurrent = "max_concurrent"
    }
}
