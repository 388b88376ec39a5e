import Foundation
import Intelligence

/// `POST /api/v2/projects/natural`'s answer (keys in snake case).
struct NaturalProjectResponse: Encodable, Sendable {
    struct Interpretation: Encodable, Sendable {
        var understoodRequirements: [String]
        var suggestedTeam: [String]
        var estimatedDuration: String
    }

    var projectId: String
    var interpretation: Interpretation
    var daemonSessionId: String
    var conversationUrl: String
    var provider: String
    var degraded: Bool
}

/// `POST /api/v2/projects/{id}/communicate`'s answer.
struct CommunicateResponse: Encodable, Sendable {
    struct Interpretation: Encodable, Sendable {
        var understoodIntent: String
        var intent: String
        var relevantAgents: [String]
        var contextApplied: Bool
    }

    var daemonInterpretation: Interpretation
    var responses: [AgentReply]
    var aiSummary: String
    var analysis: FleetAnalysis?
    var provider: String
    var degraded: Bool
}

/// `GET /api/v2/monitoring/intelligent-dashboard`'s answer.
struct IntelligentDashboardResponse: Encodable, Sendable {
    struct AIAnalysis: Encodable, Sendable {
        var healthScore: Int
        var trend: String
        var predictions: [String]
        var alerts: [FleetAlert]
        var recommendations: [String]
    }

    struct ActiveProject: Encodable, Sendable {
        var projectId: String
        var name: String
        var status: String
        var agents: Int
        var working: Int
        var waiting: Int
        var progress: Double?
        /// What its agents spent today (UTC) and in all, in dollars (nil where nothing was priced), and tokens.
        var costToday: Double?
        var costTotal: Double?
        var tokensTotal: Int64?
        /// The most used budget limit's share (1 = reached), nil without a budget.
        var budgetUsed: Double?
    }

    var metrics: SystemMetrics
    var aiAnalysis: AIAnalysis
    var activeProjects: [ActiveProject]
    var teamEfficiency: [TeamEfficiency]
    var resourceUtilization: ResourceUtilization
    var provider: String
    var degraded: Bool
    var generatedAt: Date
}

/// `POST /api/v2/monitoring/ask-ai`'s answer: the spec's fields plus who answered.
struct AskAIResponse: Encodable, Sendable {
    var question: String
    var answer: String
    var supportingData: [String: String]
    var suggestedActions: [String]
    var confidence: Double
    var provider: String
    var degraded: Bool
}

/// A chat session and its turns (`GET /api/v2/daemon/chat/{session_id}`).
struct ChatTranscriptResponse: Encodable, Sendable {
    struct Turn: Encodable, Sendable {
        var role: String
        var content: String
        var provider: String?
        var degraded: Bool
        var createdAt: Date
    }

    var sessionId: String
    var title: String
    var projectId: String?
    var messages: [Turn]
}

/// `POST /api/v2/daemon/chat/{session_id}`'s answer.
struct ChatReplyResponse: Encodable, Sendable {
    var sessionId: String
    var reply: String
    var provider: String
    var degraded: Bool
}

/// `POST /api/v2/batch/process`'s answer.
struct BatchCreatedResponse: Encodable, Sendable {
    struct QueueStatus: Encodable, Sendable {
        var total: Int
        var processingOrder: [String]
        var reasoning: String
    }

    var batchId: String
    var queueStatus: QueueStatus
    var estimatedCompletion: Date?
    var monitoringUrl: String
    /// The HMAC key of the webhook's signatures, shown this once.
    var webhookSecret: String?
    var provider: String
    var degraded: Bool
}

/// `GET /api/v2/batch/{id}/status`.
struct BatchStatusResponse: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        var name: String
        var priority: String
        var status: String
        var projectId: String?
        var progress: Double?
        var error: String?
        var startedAt: Date?
        var completedAt: Date?
    }

    var batchId: String
    var status: String
    var processingMode: String
    var total: Int
    var pending: Int
    var running: Int
    var completed: Int
    var failed: Int
    var progress: Double
    var processingOrder: [String]
    var reasoning: String
    var items: [Item]
    var estimatedCompletion: Date?
    var createdAt: Date
    var completedAt: Date?
    var webhookUrl: String?
    var webhookLastDelivery: String?
}
