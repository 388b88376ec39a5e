import Foundation

/// A profile with its patterns compiled once, so classifying stays cheap when it runs for
/// many agents every second. ``AgentStatusClassifier/classify(_:profile:)`` caches these;
/// callers that keep one per agent can use ``AgentStatusClassifier/classify(_:patterns:)``.
public struct PatternSet: Sendable {
    /// The profile the patterns come from.
    public let profile: AgentProfile
    /// Patterns from the profile that are not valid regular expressions (matched literally)
    /// or are blank (ignored).
    public let invalidPatterns: [String]

    let ready: PatternGroup
    let busy: PatternGroup
    let waiting: PatternGroup
    let exhausted: PatternGroup
    let progress: PatternGroup
    let finished: PatternGroup
    let resetTime: CompiledPattern?
    /// Whether the profile itself runs a shell, so a shell in the foreground is expected.
    let isShellLike: Bool

    /// Compiles every pattern of `profile`.
    /// - Parameter profile: the agent profile.
    public init(profile: AgentProfile) {
        self.profile = profile
        var invalid: [String] = []
        func compile(_ sources: [String]) -> [CompiledPattern] {
            var compiled: [CompiledPattern] = []
            for source in sources {
                guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    invalid.append(source)
                    continue
                }
                let pattern = CompiledPattern(source)
                if !pattern.isValid { invalid.append(source) }
                compiled.append(pattern)
            }
            return compiled
        }
        ready = PatternGroup(compile(profile.readyPatterns))
        busy = PatternGroup(compile(profile.busyPatterns))
        waiting = PatternGroup(compile(profile.waitingPatterns))
        exhausted = PatternGroup(compile(profile.exhaustedPatterns))
        progress = PatternGroup(compile(profile.progressPatterns))
        finished = PatternGroup(compile(profile.finishedPatterns))
        resetTime = compile(profile.resetTimePattern.map { [$0] } ?? []).first
        invalidPatterns = invalid
        isShellLike = profile.name.lowercased() == "shell"
            || ShellName.program(ofCommandLine: profile.command).map(ShellName.isShell) ?? false
    }
}
