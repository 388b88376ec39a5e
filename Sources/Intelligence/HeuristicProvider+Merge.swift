extension HeuristicProvider {
    /// An interpretation from requirements and a team decided elsewhere (a model's, validated): the name, estimate
    /// and spec are written by the same rules as ``interpretProject(prompt:context:)``.
    public func interpretation(
        prompt: String, context: [String: String], requirements: [String], team: [String], duration: String? = nil
    ) -> ProjectInterpretation {
        let estimate = duration ?? Self.estimatedDuration(requirementCount: requirements.count, team: team)
        return ProjectInterpretation(
            understoodRequirements: requirements, suggestedTeam: team, estimatedDuration: estimate,
            name: Self.projectSlug(from: requirements),
            specMarkdown: Self.spec(prompt: prompt, requirements: requirements, team: team, duration: estimate, context: context))
    }
}
