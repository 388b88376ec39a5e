import Foundation
import ProcessKit

/// Pins a host's keys when an admin adds it: `ssh-keyscan` asks the host for its keys, their fingerprints are shown to
/// the admin (and must match the one the admin gave, when given), and the keys go into the server's own
/// `known_hosts`, which every later connection checks strictly. A key that changes afterwards is refused until an
/// admin trusts the new one.
public struct HostKeyPinning: Sendable {
    public let transport: SSHTransport

    /// - Parameter transport: whose `known_hosts` file is written.
    public init(transport: SSHTransport) {
        self.transport = transport
    }

    /// The host's public keys as `known_hosts` lines, and their `SHA256:` fingerprints.
    public func scan(_ target: SSHTarget) async throws -> (lines: [String], fingerprints: [String]) {
        let scanned = try await ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/ssh-keyscan"), arguments: ["-T", "5", "-p", String(target.port), "-t", "ed25519,ecdsa,rsa", "--", target.host],
            directory: URL(fileURLWithPath: "/"), environment: ProcessInfo.processInfo.environment, input: nil, timeout: .seconds(15)
        ).run()
        let lines = scanned.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && $0.split(separator: " ").count >= 3 }
        guard !lines.isEmpty else { throw HostError.unreachable("no SSH host key came from \(target.host):\(target.port)") }
        let listed = try await ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/ssh-keygen"), arguments: ["-l", "-E", "sha256", "-f", "-"], directory: URL(fileURLWithPath: "/"),
            environment: ProcessInfo.processInfo.environment, input: lines.joined(separator: "\n") + "\n", timeout: .seconds(10)
        ).run()
        let fingerprints = listed.stdout.split(separator: "\n").compactMap { line in line.split(separator: " ").first { $0.hasPrefix("SHA256:") }.map(String.init) }
        return (lines, Array(Set(fingerprints)).sorted())
    }

    /// Writes the host's keys into the server's `known_hosts`, replacing any it had for that name.
    public func pin(_ lines: [String], for target: SSHTarget) throws {
        try FileManager.default.createDirectory(atPath: transport.folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = target.knownHostsName
        let kept = ((try? String(contentsOfFile: transport.knownHosts, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            .filter { line in !(line.split(separator: " ").first.map { $0.split(separator: ",").contains(Substring(name)) } ?? false) }
        // ssh-keyscan names the host as ssh will look it up ([host]:port off port 22).
        let added = lines.map { line -> String in
            var words = line.split(separator: " ", maxSplits: 2).map(String.init)
            words[0] = name
            return words.joined(separator: " ")
        }
        let text = (kept + added).joined(separator: "\n") + "\n"
        try text.write(toFile: transport.knownHosts, atomically: true, encoding: .utf8)
    }

    /// Forgets a host's keys.
    public func unpin(_ target: SSHTarget) throws {
        try pin([], for: target)
    }
}
