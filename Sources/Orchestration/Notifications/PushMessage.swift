import Foundation

/// What a push notification carries, decrypted: the contract the service worker reads.
package struct PushMessage: Codable, Sendable, Equatable {
    /// One button on the notification.
    package struct Action: Codable, Sendable, Equatable {
        package var action: String
        package var title: String
    }

    package var title: String
    package var body: String
    /// The page a tap opens.
    package var url: String
    /// Notifications with the same tag replace each other on the device.
    package var tag: String
    /// `agent_waiting`, …
    package var event: String
    package var projectId: String?
    package var agentId: String?
    /// The agent's question, when it asks one.
    package var question: String?
    /// The answers offered as buttons (none for viewers).
    package var actions: [Action]?
    /// The single-use token `POST /api/v1/notifications/actions` takes with an action.
    package var actionToken: String?
    /// The question's answers, as words (for chat channels, which get no buttons).
    package var options: [String]?

    /// A message; answers, their token and options are set afterwards when there are any.
    package init(
        title: String, body: String, url: String, tag: String, event: String, projectId: String? = nil, agentId: String? = nil,
        question: String? = nil
    ) {
        self.title = title
        self.body = body
        self.url = url
        self.tag = tag
        self.event = event
        self.projectId = projectId
        self.agentId = agentId
        self.question = question
    }

    enum CodingKeys: String, CodingKey {
        case title, body, url, tag, event, question, actions, options
        case projectId = "project_id"
        case agentId = "agent_id"
        case actionToken = "action_token"
    }
}
