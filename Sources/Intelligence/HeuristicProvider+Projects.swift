import Foundation

extension HeuristicProvider {
    /// Roles in the order a team lists them.
    static let roleOrder = ["project-manager", "developer", "designer", "tester", "devops", "researcher"]

    /// What each role does, for the spec.
    static let roleDuties: [String: String] = [
        "project-manager": "plans the work, splits it into tasks and keeps the team unblocked",
        "developer": "implements the requirements",
        "designer": "designs the interface, layout and styling",
        "tester": "writes and runs tests and reports bugs",
        "devops": "sets up builds, deployment and infrastructure",
        "researcher": "investigates options and compares approaches",
    ]

    /// Words that call for a designer.
    static let designerWords: Set<String> = [
        "ui", "ux", "css", "html", "frontend", "front-end", "dashboard", "dashboards", "page", "pages", "webpage",
        "website", "landing", "layout", "layouts", "responsive", "figma", "mockup", "mockups", "wireframe",
        "wireframes", "theme", "themes", "animation", "animations", "react", "vue", "angular", "svelte", "tailwind",
    ]
    /// Word starts that call for a designer.
    static let designerPrefixes = ["design", "styl", "visual"]
    /// Words that call for a tester.
    static let testerWords: Set<String> = ["qa", "e2e"]
    /// Word starts that call for a tester.
    static let testerPrefixes = ["test", "quality", "reliab", "bug", "regression", "coverage"]
    /// Words that call for devops.
    static let devopsWords: Set<String> = [
        "ci", "cd", "k8s", "cloud", "vercel", "aws", "gcp", "azure", "heroku", "netlify", "hosting", "hosted", "helm",
        "nginx",
    ]
    /// Word starts that call for devops.
    static let devopsPrefixes = ["deploy", "docker", "kubernetes", "pipeline", "infrastructure", "terraform", "container"]
    /// Word starts that call for a researcher.
    static let researcherPrefixes = ["research", "investigat", "compar", "evaluat", "benchmark", "survey"]

    /// Words that end the noun phrase a project name is taken from.
    static let nameStopWords: Set<String> = [
        "a", "an", "the", "for", "of", "to", "in", "on", "at", "that", "which", "using", "by", "from", "where",
        "when", "who", "with", "and", "or", "so", "as", "into", "via", "is", "are", "should", "must", "will",
    ]

    /// Reads a request for a new project: requirements, team, estimate, name and a Markdown spec.
    ///
    /// - Parameters:
    ///   - prompt: the request in the user's words.
    ///   - context: extra settings; `team_size_preference` (`small`, `medium`, `large`) and
    ///     `deployment_target` change the team, and all entries are listed in the spec.
    public func interpretProject(prompt: String, context: [String: String]) -> ProjectInterpretation {
        let requirements = RequirementSplitter.requirements(from: prompt)
        let team = Self.team(prompt: prompt, requirementCount: requirements.count, context: context)
        let duration = Self.estimatedDuration(requirementCount: requirements.count, team: team)
        let spec = Self.spec(prompt: prompt, requirements: requirements, team: team, duration: duration, context: context)
        return ProjectInterpretation(
            understoodRequirements: requirements,
            suggestedTeam: team,
            estimatedDuration: duration,
            name: Self.projectSlug(from: requirements),
            specMarkdown: spec)
    }

    /// The team for a request, in ``roleOrder``.
    ///
    /// Always a developer; a specialist for each kind of keyword found (a tester also for three or more
    /// requirements, devops also for a `deployment_target`); a project manager first when the team has three
    /// or more roles. A `small`, `medium` or `large` preference gives that size's team of the manual form instead.
    static func team(prompt: String, requirementCount: Int, context: [String: String]) -> [String] {
        let matcher = KeywordMatcher(prompt)
        var scores: [String: Int] = [:]
        let designer = matcher.hits(words: designerWords, prefixes: designerPrefixes)
        if designer > 0 { scores["designer"] = designer * 2 }
        let tester = matcher.hits(words: testerWords, prefixes: testerPrefixes)
        if tester > 0 {
            scores["tester"] = tester * 2
        } else if requirementCount >= 3 {
            scores["tester"] = 1
        }
        var devops = matcher.hits(words: devopsWords, prefixes: devopsPrefixes) * 2
        if let target = context["deployment_target"], !normalized(target).isEmpty { devops += 2 }
        if devops > 0 { scores["devops"] = devops }
        let researcher = matcher.hits(words: [], prefixes: researcherPrefixes)
        if researcher > 0 { scores["researcher"] = researcher * 2 }

        let specialists = roleOrder.filter { scores[$0] != nil }
        // A size chosen on a form means what it means on the manual form.
        if let preference = context["team_size_preference"].map(normalized), let sized = sizedTeams[preference] { return sized }
        var roles = ["developer"] + specialists
        if roles.count >= 3 {
            roles.insert("project-manager", at: 0)
        }
        return roles
    }

    /// An estimate from the number of requirements: ≤ 2 "1-2 days", ≤ 5 "3-5 days", ≤ 8 "1-2 weeks", else
    /// "2-4 weeks"; one step longer when more than 5 requirements fall on two or fewer working roles.
    static func estimatedDuration(requirementCount: Int, team: [String]) -> String {
        let labels = ["1-2 days", "3-5 days", "1-2 weeks", "2-4 weeks"]
        var step: Int
        switch requirementCount {
        case ...2: step = 0
        case ...5: step = 1
        case ...8: step = 2
        default: step = 3
        }
        let workers = team.filter { $0 != "project-manager" }.count
        if workers <= 2, requirementCount > 5 { step = min(step + 1, labels.count - 1) }
        return labels[step]
    }

    /// A slug from the noun phrase that opens the first usable requirement ("React dashboard" →
    /// "react-dashboard"): up to three words before a preposition or similar word; "project" when none.
    static func projectSlug(from requirements: [String]) -> String {
        for requirement in requirements {
            let folded = requirement.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            var phrase: [String] = []
            for word in KeywordMatcher.tokenize(folded) {
                if nameStopWords.contains(word) {
                    if phrase.isEmpty { continue } else { break }
                }
                let cleaned = String(word.unicodeScalars.compactMap { scalar -> Character? in
                    if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { return Character(scalar) }
                    return scalar == "-" || scalar == "_" ? "-" : nil
                })
                if !cleaned.isEmpty { phrase.append(cleaned) }
                if phrase.count == 3 { break }
            }
            let slug = slugged(phrase.joined(separator: "-"))
            if !slug.isEmpty { return slug }
        }
        return "project"
    }

    /// `text` made a valid slug: single dashes, no dash at either end, a letter first, at most 40 characters.
    static func slugged(_ text: String) -> String {
        var slug = text.split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
        guard let first = slug.unicodeScalars.first else { return "" }
        if !("a"..."z").contains(first) { slug = "project-" + slug }
        if slug.count > 40 {
            slug = String(slug.prefix(40))
            if let cut = slug.lastIndex(of: "-"), slug.distance(from: slug.startIndex, to: cut) >= 20 {
                slug = String(slug[..<cut])
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }

    /// The teams a chosen size gives, as the manual form's sizes (`TeamComposition.defaultSizes`) do.
    package static let sizedTeams: [String: [String]] = [
        "small": ["developer"],
        "medium": ["project-manager", "developer", "tester"],
        "large": ["project-manager", "developer", "developer", "tester", "devops"],
    ]

    /// Context keys that steer the server rather than describe the work; the spec leaves them out.
    static let internalContextKeys: Set<String> = ["project_path", "team_size_preference", "agent_command", "use_daemon"]

    /// The Markdown spec: title, the request quoted, requirements, team, context and estimate.
    static func spec(
        prompt: String, requirements: [String], team: [String], duration: String, context: [String: String]
    ) -> String {
        var lines = ["# \(requirements.first ?? "Project")", ""]
        let quoted = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        if !quoted.isEmpty {
            lines += quoted.split(separator: "\n", omittingEmptySubsequences: false).map {
                let line = $0.trimmingCharacters(in: .whitespacesAndNewlines)
                return line.isEmpty ? ">" : "> \(line)"
            }
            lines.append("")
        }
        lines += ["## Requirements", ""]
        lines += requirements.isEmpty ? ["- (none stated)"] : requirements.map { "- \($0)" }
        lines += ["", "## Team", ""]
        lines += team.map { role in "- **\(role)**: \(roleDuties[role] ?? "works on the project")" }
        // Settings for the server (where the folder goes, the team size) are not part of what the team builds.
        let keys = context.keys.filter { !internalContextKeys.contains($0) }.sorted()
        if !keys.isEmpty {
            lines += ["", "## Context", ""]
            lines += keys.map { "- **\($0)**: \(oneLine(context[$0] ?? "", limit: 200))" }
        }
        lines += ["", "## Estimate", "", duration, ""]
        return lines.joined(separator: "\n")
    }
}
