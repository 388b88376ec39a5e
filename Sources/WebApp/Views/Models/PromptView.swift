import Foundation
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
    /// What is being approved: the lines the screen showed above the question, or the hook's tool input.
    var context: String?

    /// The question of a waiting agent: the one stored by its hook or the monitor, else read off `screen`.
    init?(agent: AgentRecord, screen: String?) {
        guard agent.status == AgentState.waiting.rawValue else { return nil }
        let stored = agent.prompt.flatMap(AgentPrompt.init(storedText:))
        let read = screen.map(ScreenText.plain).flatMap(PromptParser.parse)
        // A hook names the tool; the screen knows the dialog's exact answers.
        guard var prompt = stored ?? read else { return nil }
        if let read, !read.options.isEmpty, prompt.source == "hook" { prompt.options = read.options }
        if prompt.context == nil { prompt.context = read?.context }
        self.init(prompt)
    }

    /// The question of a waiting agent as stored (for pages that do not read screens, like the overview).
    init?(stored text: String?) {
        guard let prompt = text.flatMap(AgentPrompt.init(storedText:)) else { return nil }
        self.init(prompt)
    }

    /// A question as pages show it; without context of its own, the hook's tool input stands for it.
    private init(_ prompt: AgentPrompt) {
        text = prompt.text
        choices = prompt.options.map { Choice(key: $0.key, label: $0.label, keys: $0.keys.joined(separator: " ")) }
        hasChoices = !choices.isEmpty
        source = prompt.source
        tool = prompt.tool
        context = prompt.context ?? prompt.toolInput.flatMap(Self.summary(ofToolInput:))
    }

    /// A hook's tool input as a person reads it: the command, the file or the URL it names, else the JSON itself,
    /// cut at 600 characters.
    static func summary(ofToolInput json: String) -> String? {
        let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
        let named = ["command", "file_path", "path", "url", "pattern", "query"].compactMap { object?[$0] as? String }.first
        let text = (named ?? json).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text != "{}" else { return nil }
        return text.count > 600 ? String(text.prefix(599)) + "…" : text
    }
}
