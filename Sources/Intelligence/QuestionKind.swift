import Foundation

/// What a question about the fleet is about, read from its keywords.
enum QuestionKind: String, Sendable, CaseIterable {
    /// Who needs the person asking: the agents waiting for an answer, and nothing else.
    case needsMe
    /// What projects cost: dollars, tokens, budgets.
    case cost
    /// Agents waiting for an answer, blocked or stuck.
    case waiting
    /// Failed agents and errors.
    case failed
    /// Machine resources and overall health.
    case health
    /// Which agents there are and what they do.
    case agents
    /// How many projects and agents there are.
    case count
    /// How the work is going.
    case progress
    /// Nothing recognised: a general summary.
    case general

    /// Words and phrases for each kind, checked in declaration order.
    static let keywords: [QuestionKind: [String]] = [
        .needsMe: [
            "need me", "needs me", "need my", "needs my", "need you", "needs you", "need a person", "needs a person",
            "waiting for me", "waiting on me", "waiting for a person", "my attention", "my answer", "need a human", "needs a human",
        ],
        .cost: [
            "cost", "costs", "costed", "spend", "spends", "spent", "spending", "budget", "budgets", "dollar", "dollars", "money", "price",
            "tokens", "expensive",
        ],
        .waiting: [
            "waiting", "wait", "waits", "waited", "blocked", "blocker", "blockers", "blocking", "stuck", "need input",
            "needs input", "need an answer", "needs an answer", "attention",
        ],
        .failed: [
            "failed", "fail", "fails", "failing", "failure", "failures", "error", "errors", "broken", "broke",
            "crashed", "crash", "crashes", "dead", "died",
        ],
        .health: ["health", "healthy", "resource", "resources", "cpu", "memory", "ram", "disk", "load"],
        .agents: ["who", "which agent", "which agents", "what agents", "list agents", "list the agents"],
        .count: ["how many", "count", "number of", "total"],
        .progress: [
            "progress", "status", "how is", "how's", "how are", "doing", "coming along", "done", "finished",
            "complete", "completed", "going",
        ],
    ]

    /// The first kind whose keywords appear in `question`, or ``general``.
    init(question: String) {
        let matcher = KeywordMatcher(question)
        self = Self.allCases.first { matcher.containsAny(Self.keywords[$0] ?? []) } ?? .general
    }

    /// The alert kinds whose recommendations suit an answer of this kind.
    var alertKinds: Set<String> {
        switch self {
        case .needsMe: ["waiting"]
        case .waiting: ["waiting", "exhausted", "stuck"]
        case .failed: ["failed", "messages"]
        case .cost: ["budget", "exhausted"]
        default: ["waiting", "exhausted", "failed", "stuck", "resources", "messages"]
        }
    }
}
