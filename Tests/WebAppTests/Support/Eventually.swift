import Foundation
import Orchestration

/// Polls `condition` until it holds or `seconds` pass; true when it held.
func eventually(_ seconds: Double = 15, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// The stand-in agents in `Tests/Fixtures/agents`.
enum FixtureAgents {
    static let folder = TestEnvironment.repoRoot + "/Tests/Fixtures/agents"
    /// Records each pasted message byte for byte into its working directory (`paste-N`).
    static let pasteRecorder = folder + "/paste-recorder.py"
}
