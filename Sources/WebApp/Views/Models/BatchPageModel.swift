import Foundation

/// `/batches` and `/batches/{id}`: batches, and one batch's items with a progress bar each.
struct BatchPageModel: Sendable {
    struct Summary: Sendable {
        var id: String
        var status: String
        var created: String
        var items: Int
    }

    struct Item: Sendable {
        var name: String
        var title: String
        var priority: String
        var status: String
        var projectId: String?
        var percent: Int
        var error: String?
    }

    var chrome: PageChrome
    var batches: [Summary]
    var hasBatches: Bool
    var batch: Summary?
    var reasoning: String
    var percent: Int
    var items: [Item]
    var estimated: String?
    var webhook: String?
    /// What the batch form's last use left to say.
    var notice: String?
    var error: String?
    /// The form's default for projects at once.
    var defaultConcurrent = 1
}
