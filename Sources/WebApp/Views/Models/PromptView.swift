import OrchestratorCore
import Storage
import Orchestration

/// A waiting agent's question on a page: the question, one button per answer (a plain form, so it works without
/// JavaScript), and whether this person may answer it.
struct PromptView: Sendable {
    struct Choice: Sendable {
        var key: String
        var label: String
        /// The tmux key names the button sends, space-separated (the form's `keys` field).
        var keys: String
    }

    var text: String
    var choices: [Choice]
    var hasChoices: Bool
    /// `hook` or `screen`: where the question was read.
    var source: String
    var tool: String?

    /// The question of a waiting agent: the one stored by its hook or the monitor, else read off `screen`.
    init?(agent: AgentRecord, screen: String?) {
        guard agent.status == AgentState.waiting.rawValue else { return nil }
        let stored = agent.prompt.flatMap(AgentPrompt.init(storedText:))
        let read = screen.map(ScreenText.plain).flatMap(PromptParser.parse)
        // A hook names the tool; the screen knows the dialog's exact answers.
        guard var prompt = stored ?? read else { return nil }
        if let read, !read.options.isEmpty, prompt.source == "hook" { prompt.options = read.options }
        text = prompt.text
        choices = prompt.options.map { Choice(key: $0.key, label: $0.label, keys: $0.keys.joined(separator: " ")) }
        hasChoices = !choices.isEmpty
        source = prompt.source
        tool = prompt.tool
    }
}
