import Foundation

extension HeuristicProvider {
    /// An action a person may ask the chat to take, the words that ask for it, and where to do it instead.
    struct ChatAction: Sendable {
        var name: String
        var words: [String]
        var instead: String
    }

    /// What the chat cannot do without a model, and where a person does it instead.
    static let chatActions: [ChatAction] = [
        ChatAction(name: "send a message", words: ["send", "tell the", "tell them", "tell it", "message the", "message them", "remind", "ping"],
                   instead: "write it in the project page's composer, or `POST /api/v1/projects/{id}/messages`"),
        ChatAction(name: "answer an agent's question", words: ["answer it", "answer the", "answer its", "approve", "allow it", "deny", "reject", "say yes", "say no"],
                   instead: "press its answer under \"Needs you\" on the overview or on the agent's tile"),
        ChatAction(name: "merge a branch", words: ["merge"], instead: "use Merge in the project's git panel"),
        ChatAction(name: "pause, resume or stop a project", words: ["pause", "resume", "stop the", "stop it", "terminate", "restart", "kill", "shut down"],
                   instead: "use the buttons at the top of the project page"),
        ChatAction(name: "create a project", words: ["create", "start a project", "spin up", "make a project"],
                   instead: "use New project, or Create from a prompt, on /projects/new"),
    ]

    /// When `request` asks for actions the chat cannot take without a model: a sentence naming them and where to
    /// take them instead; nil when it only asks something.
    public func actionNotice(for request: String) -> String? {
        let matcher = KeywordMatcher(request)
        let asked = Self.chatActions.filter { matcher.containsAny($0.words) }
        guard !asked.isEmpty else { return nil }
        let names = asked.map(\.name)
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
        let where_ = asked.map { "to \($0.name), \($0.instead)" }.joined(separator: "; ")
        return "Without a model configured, this chat only reads: it cannot \(list). Instead, \(where_). What I can tell you:"
    }
}
