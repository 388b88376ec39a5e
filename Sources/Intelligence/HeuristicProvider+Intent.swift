import Foundation

extension HeuristicProvider {
    /// Words skipped before a message's leading verb.
    static let politeWords: Set<String> = [
        "please", "pls", "kindly", "can", "could", "would", "will", "you", "hey", "hi", "hello", "ok", "okay", "now",
        "so", "then", "also", "team", "everyone", "all", "guys", "folks",
    ]
    /// Leading verbs that hand out work.
    static let assignVerbs: Set<String> = [
        "implement", "fix", "add", "build", "do", "create", "write", "make", "update", "refactor", "remove", "delete",
        "change", "move", "rename", "deploy", "run", "setup", "set", "start", "finish", "handle", "integrate",
        "migrate", "upgrade", "install", "configure", "prepare", "draft", "document", "clean", "optimize", "optimise",
        "improve", "merge", "commit", "push", "work", "get", "continue", "resume", "stop", "switch", "replace",
        "rewrite", "convert", "connect", "port", "support", "try", "use", "investigate", "research",
    ]
    /// Leading verbs that ask for a review.
    static let reviewVerbs: Set<String> = ["review", "check", "inspect", "verify", "audit", "examine", "proofread", "validate"]
    /// Words after `look` that make it a review.
    static let lookParticles: Set<String> = ["at", "over", "into", "through"]
    /// Subjects that turn a leading `do` into a question ("do you have…").
    static let questionSubjects: Set<String> = ["you", "we", "they", "i", "it", "he", "she", "anyone", "everyone", "someone"]
    /// Words and phrases that report a blocker.
    static let blockerPhrases = [
        "blocked", "blocker", "blockers", "blocking", "stuck", "can't proceed", "cannot proceed", "can't continue",
        "cannot continue",
    ]
    /// Words and phrases that ask for status.
    static let statusPhrases = [
        "status", "progress", "eta", "update", "updates", "how is", "how's", "how are", "how far", "where are",
        "where is", "where's", "coming along", "how long", "done yet", "finished yet", "any news",
    ]
    /// Words and phrases that ask for a review anywhere in a message.
    static let reviewPhrases = ["review", "reviews", "look at", "take a look", "double-check"]
    /// Words that carry no topic.
    static let topicStopWords: Set<String> = [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "i", "i'm", "me", "my", "we",
        "we're", "us", "our", "you", "you're", "your", "it", "its", "it's", "this", "that", "these", "those", "to",
        "of", "in", "on", "at", "for", "with", "and", "or", "but", "so", "if", "then", "than", "please", "pls",
        "kindly", "can", "could", "would", "will", "should", "shall", "may", "might", "must", "do", "does", "did",
        "have", "has", "had", "how", "how's", "what", "what's", "where", "where's", "when", "why", "who", "which",
        "there", "here", "any", "some", "all", "just", "also", "now", "yet", "up", "about", "from", "by", "as",
        "into", "let", "let's", "hey", "hi", "hello", "ok", "okay", "thanks", "thank", "need", "needs", "want",
        "status", "progress", "update", "updates", "eta", "going", "coming", "along", "doing", "get", "got", "they",
        "them", "their", "he", "she", "not", "no", "yes", "far", "long", "news", "look", "take", "over", "through",
        "blocked", "blocker", "blockers", "blocking", "stuck", "can't", "cannot", "proceed", "team", "everyone",
        "guys", "folks", "done", "finished",
    ]

    /// Reads a message sent to a project's team: its intent, a restatement and the agents it is for.
    ///
    /// - Parameters:
    ///   - text: the message.
    ///   - declaredIntent: an intent the sender chose; it wins when it is one of ``IntentInterpretation/knownIntents``.
    ///   - targetContext: who the message is for: `all`, `development_team`, `testing`/`qa`, or a role or agent id.
    ///   - project: the project whose agents may receive it; no other agent is ever named.
    public func interpretIntent(
        text: String, declaredIntent: String?, targetContext: String?, project: ProjectFacts
    ) -> IntentInterpretation {
        let matcher = KeywordMatcher(text)
        let intent = Self.intent(of: matcher, declared: declaredIntent, project: project)
        let mentioned = Self.mentionedAgents(in: matcher, project: project)
        let target = targetContext.map(Self.normalized).flatMap { $0.isEmpty ? nil : $0 }
        let relevant = mentioned.isEmpty ? Self.agents(forTarget: target, in: project) : mentioned
        let topic = Self.topicWords(of: matcher, intent: intent, project: project)
        return IntentInterpretation(
            intent: intent,
            understoodIntent: Self.restatement(intent: intent, topic: topic),
            relevantAgents: relevant.map(\.id),
            contextApplied: target != nil || !mentioned.isEmpty)
    }

    /// The intent: a known declared one, else from the leading verb, then blocker, status and review words.
    static func intent(of matcher: KeywordMatcher, declared: String?, project: ProjectFacts) -> String {
        if let declared = declared.map(normalized), IntentInterpretation.knownIntents.contains(declared) {
            return declared
        }
        if let index = leadingVerbIndex(matcher.words, project: project) {
            let verb = matcher.words[index]
            let next = index + 1 < matcher.words.count ? matcher.words[index + 1] : nil
            let isLook = verb == "look" && next.map { lookParticles.contains($0) } == true
            if reviewVerbs.contains(verb) || isLook {
                return matcher.containsAny(statusPhrases) ? "request_status" : "request_review"
            }
            let asksQuestion = ["do", "does", "did"].contains(verb) && next.map { questionSubjects.contains($0) } == true
            if assignVerbs.contains(verb), !asksQuestion { return "assign_task" }
        }
        if matcher.containsAny(blockerPhrases) { return "report_blocker" }
        if matcher.containsAny(statusPhrases) { return "request_status" }
        if matcher.containsAny(reviewPhrases) { return "request_review" }
        if matcher.words.first == "please" || matcher.words.first == "kindly" { return "assign_task" }
        return "question"
    }

    /// The index of the first word that is not a polite word or the name of one of the project's agents.
    static func leadingVerbIndex(_ words: [String], project: ProjectFacts) -> Int? {
        let names = Set(project.agents.flatMap { [normalized($0.id), normalized($0.role), normalized($0.role) + "s"] })
        return words.firstIndex { !politeWords.contains($0) && !names.contains($0) }
    }

    /// Agents named in the message: by id (any status) or by role (those not stopped), in project order.
    static func mentionedAgents(in matcher: KeywordMatcher, project: ProjectFacts) -> [AgentFacts] {
        project.agents.filter { agent in
            if !normalized(agent.id).isEmpty, matcher.contains(phrase: agent.id) { return true }
            let role = normalized(agent.role)
            guard !role.isEmpty, status(of: agent) != "stopped" else { return false }
            return matcher.contains(phrase: role) || matcher.contains(phrase: role + "s")
        }
    }

    /// The agents a target context selects among those not stopped; all of them when it selects none.
    ///
    /// `development_team` selects developers and testers, `testing`/`qa` testers, `all` everyone, and any
    /// other value the agents with that role or id.
    static func agents(forTarget target: String?, in project: ProjectFacts) -> [AgentFacts] {
        let live = project.agents.filter { status(of: $0) != "stopped" }
        guard let target else { return live }
        let selected: [AgentFacts]
        switch target {
        case "all", "everyone", "team", "all_agents":
            selected = live
        case "development_team", "development", "developers", "dev", "dev_team":
            selected = live.filter { isDeveloper($0) || isTester($0) }
        case "testing", "qa", "testers", "test", "tests":
            selected = live.filter(isTester)
        default:
            selected = live.filter { normalized($0.role) == target || normalized($0.id) == target }
        }
        return selected.isEmpty ? live : selected
    }

    /// Whether the agent's role is a developer's ("developer", "backend-developer", "engineer", …).
    static func isDeveloper(_ agent: AgentFacts) -> Bool {
        let parts = normalized(agent.role).split(separator: "-").map(String.init)
        return parts.contains { ["developer", "engineer", "programmer", "coder", "dev"].contains($0) }
    }

    /// Whether the agent's role is a tester's ("tester", "qa", "qa-engineer", …).
    static func isTester(_ agent: AgentFacts) -> Bool {
        let parts = normalized(agent.role).split(separator: "-").map(String.init)
        return parts.contains { ["tester", "qa", "test"].contains($0) }
    }

    /// Up to five topic words, in message order; an assignment keeps its leading verb.
    static func topicWords(of matcher: KeywordMatcher, intent: String, project: ProjectFacts) -> [String] {
        let names = Set(project.agents.flatMap { [normalized($0.id), normalized($0.role), normalized($0.role) + "s"] })
        let leading = leadingVerbIndex(matcher.words, project: project)
        var topic: [String] = []
        for (index, word) in matcher.words.enumerated() {
            let keepVerb = intent == "assign_task" && index == leading
            if !keepVerb && (topicStopWords.contains(word) || names.contains(word) || reviewVerbs.contains(word)) {
                continue
            }
            if !topic.contains(word) { topic.append(word) }
            if topic.count == 5 { break }
        }
        return topic
    }

    /// A short sentence for the intent and topic: "Assigns a task: fix login bug."
    static func restatement(intent: String, topic: [String]) -> String {
        let about = topic.joined(separator: " ")
        switch intent {
        case "request_status": return about.isEmpty ? "Asks for a status update." : "Asks for a status update on \(about)."
        case "assign_task": return about.isEmpty ? "Assigns a task." : "Assigns a task: \(about)."
        case "report_blocker": return about.isEmpty ? "Reports a blocker." : "Reports a blocker: \(about)."
        case "request_review": return about.isEmpty ? "Asks for a review." : "Asks for a review of \(about)."
        default: return about.isEmpty ? "Asks a question." : "Asks a question about \(about)."
        }
    }
}
