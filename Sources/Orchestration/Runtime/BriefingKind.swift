/// Which briefing an agent gets when its window starts.
package enum BriefingKind: Sendable {
    /// First start: duties, spec, how to report.
    case initial
    /// After a pause: the same, plus where it stood.
    case resume
}
