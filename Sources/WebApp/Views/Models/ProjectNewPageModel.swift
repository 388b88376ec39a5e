import Foundation
import OrchestratorCore
import Orchestration

/// `/projects/new`: the create form, filled again with what was typed when it comes back with errors.
struct ProjectNewPageModel: Sendable {
    struct Values: Sendable {
        var name = ""
        var description = ""
        var projectPath = ""
        var specContent = ""
        var agentCommand = ""
        var roles = ""
        /// `local`, `spread` or a host's name.
        var host = "local"
    }

    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Root: Sendable { var path: String }

    var chrome: PageChrome
    var error: String?
    var fieldErrors: [FieldError]
    var values: Values
    var sizeOptions: [Option]
    var priorityOptions: [Option]
    var workspaceRoots: [Root]
    var hasRoots: Bool
    /// A path a new project could take: `<first root>/my-app`.
    var examplePath: String
    /// Folders under the roots to pick from.
    var folders: [WorkspaceFolders.Folder]
    /// What runs when the agent command is left empty.
    var defaultCommand: String
    /// The prompt form's sizes: the manual form's, and "as the request needs".
    var promptSizeOptions: [Option]
    /// Why the last "Create from a prompt" was refused.
    var promptError: String?
    /// Where the agents may run: this machine, the least busy one, or each SSH host (only when there are hosts).
    var hostOptions: [Option] = []
    var hasHosts = false

    init(chrome: PageChrome, roots: [String], defaultCommand: String, values: Values = Values(), size: String = "small",
         priority: String = "normal", error: String? = nil, fieldErrors: [FieldError] = []) {
        self.chrome = chrome
        self.error = error
        self.fieldErrors = fieldErrors
        self.values = values
        let sizes = TeamComposition.defaultSizes
        self.sizeOptions = sizes.keys.sorted { (sizes[$0]?.count ?? 0) < (sizes[$1]?.count ?? 0) }.map { key in
            let roles = sizes[key] ?? []
            return Option(value: key, label: "\(key.capitalized): \(roles.count) agent\(roles.count == 1 ? "" : "s") (\(roles.joined(separator: ", ")))", selected: key == size)
        }
        self.priorityOptions = Priority.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0.rawValue == priority) }
        self.workspaceRoots = roots.map(Root.init)
        self.hasRoots = !roots.isEmpty
        self.examplePath = roots.first.map { ($0 as NSString).appendingPathComponent("my-app") } ?? "/srv/work/my-app"
        self.folders = WorkspaceFolders.list(roots: roots)
        self.defaultCommand = defaultCommand
        self.promptSizeOptions = [Option(value: "", label: "As the request needs", selected: true)]
            + sizeOptions.map { Option(value: $0.value, label: $0.label, selected: false) }
    }

    /// Fills the "Runs on" choices from the stored hosts' names.
    mutating func offer(hosts: [String]) {
        guard !hosts.isEmpty else { return }
        let choices = [("local", "This machine"), ("spread", "The least busy machine")] + hosts.map { ($0, "SSH host \($0)") }
        hostOptions = choices.map { Option(value: $0.0, label: $0.1, selected: $0.0 == values.host) }
        hasHosts = true
    }
}
