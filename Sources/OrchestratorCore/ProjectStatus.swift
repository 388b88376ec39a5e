/// Lifecycle state of a project, as the spec names them (plus `terminated`).
public enum ProjectStatus: String, Codable, Sendable, CaseIterable {
    case creating, running, paused, completed, failed, terminated
}
