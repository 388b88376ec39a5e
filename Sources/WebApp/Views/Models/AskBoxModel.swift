/// The Ask-AI box on `/insights`, `/system` and each project page, and its answer once asked.
struct AskBoxModel: Sendable {
    struct Answer: Sendable {
        var question: String
        var text: String
        var provider: String
        var degraded: Bool
        var confidence: Int
        var actions: [String]
        var data: [Fact]
    }

    struct Fact: Sendable {
        var name: String
        var value: String
    }

    var csrfToken: String
    /// The project the question is about, if asked from its page.
    var projectId: String?
    var answer: Answer?
}
