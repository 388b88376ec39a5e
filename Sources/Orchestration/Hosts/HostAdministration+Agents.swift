import Foundation
import Logging
import ProcessKit
import OrchestratorCore
import Storage
import TmuxKit

/// What agents on a host need: its tmux server, a tunnel back to the server, and the server's own executable there.
extension HostAdministration {
    /// Calls `listener` with a host's name each time it stops answering (false) or answers again (true).
    package func whenReachabilityChanges(_ listener: @escaping @Sendable (String, Bool) async -> Void) {
        reachabilityListeners.append(listener)
    }

    /// A stored host and its address.
    /// - Throws: 404 ``APIError`` for an unknown host.
    package func record(_ name: String) throws -> (HostRecord, SSHTarget) {
        guard let record = try database.host(named: name), let target = try? SSHTarget.parse(record.ssh).get() else {
            throw APIError.notFound("no host named '\(name)'")
        }
        return (record, target)
    }

    /// The project's folder on a host.
    package func workspace(host name: String, projectID: String) throws -> RemoteWorkspace {
        let (record, target) = try record(name)
        return RemoteWorkspace(host: record, target: target, transport: transport, projectID: projectID)
    }

    /// The host's tmux server (the orchestrator's socket there), reached through its master connection; its panes'
    /// ids end in `@<host>`.
    package func tmuxServer(for name: String) throws -> TmuxServer {
        if let server = tmuxServers[name] { return server }
        let (record, target) = try record(name)
        let transport = self.transport
        let identity = record.identityFile
        let socket = tmuxSocket
        try? transport.prepareFolders()
        let launcher = TmuxLauncher(paneSuffix: "@" + name) { arguments in
            transport.argv(["tmux"] + TmuxLauncher.arguments(socket: socket) + arguments, on: target, identityFile: identity)
        }
        let server = TmuxServer(socket: socket, launcher: launcher, logger: logger)
        tmuxServers[name] = server
        return server
    }

    /// Opens (or finds open) the tunnel on the host's master connection from `127.0.0.1:<port>` there to the
    /// server at `localHost:localPort`, and returns that port. The same port is asked for again after the
    /// connection was lost, so agents started with it keep reaching the server.
    package func tunnel(_ name: String, to localHost: String, _ localPort: Int) async throws -> Int {
        let (record, target) = try record(name)
        // Kept on disk too: agents started by an earlier run of the server have this port in their environment.
        let saved = transport.folder + "/tunnel-\(name).port"
        let wanted = tunnelPorts[name] ?? (try? String(contentsOfFile: saved, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        let port: Int
        do {
            port = try await transport.forward(remotePort: wanted, to: localHost, localPort, on: target, identityFile: record.identityFile)
        } catch where wanted != 0 {
            // The old port is taken on the host now: any free one (agents started later use it).
            port = try await transport.forward(remotePort: 0, to: localHost, localPort, on: target, identityFile: record.identityFile)
        }
        tunnelPorts[name] = port
        if port != wanted { try? "\(port)\n".write(toFile: saved, atomically: true, encoding: .utf8) }
        return port
    }

    /// Copies the server's executable at `localPath` to the host once per version (its SHA-256 names the folder,
    /// and the copy is checked against it) and returns its path there:
    /// `<workspace_root>/.orchestrator/bin/<sha256 prefix>/orchestrator`.
    package func install(binary localPath: String, on name: String) async throws -> String {
        let (record, target) = try record(name)
        let checksum = try localChecksum(localPath)
        if let path = installedBinaries[name + " " + checksum] { return path }
        let root = record.workspaceRoot.hasSuffix("/") ? String(record.workspaceRoot.dropLast()) : record.workspaceRoot
        let folder = root + "/.orchestrator/bin/" + checksum.prefix(16)
        let path = folder + "/orchestrator"
        let present = try await transport.run(
            ["sh", "-c", "test -x \"$1\" && sha256sum \"$1\" || true", "sh", path], on: target, identityFile: record.identityFile, timeout: .seconds(30))
        guard present.status != 255 else { throw HostError.unreachable("host \(name): " + SSHTransport.explain(present)) }
        if !present.stdout.hasPrefix(checksum) {
            let script = "set -e; mkdir -p \"$1\"; cat > \"$2.part\"; chmod 755 \"$2.part\"; mv -f \"$2.part\" \"$2\"; sha256sum \"$2\""
            let copied = try await transport.run(
                ["sh", "-c", script, "sh", folder, path], on: target, identityFile: record.identityFile, inputFile: localPath, timeout: .seconds(600))
            guard copied.status == 0, copied.stdout.hasPrefix(checksum) else {
                throw HostError.unreachable(
                    "host \(name): the orchestrator executable could not be copied (\(copied.status == 0 ? "its checksum there differs" : SSHTransport.explain(copied)))")
            }
            logger.info("copied the orchestrator executable to host \(name) (\(path))")
        }
        installedBinaries[name + " " + checksum] = path
        return path
    }

    /// The SHA-256 of the local file, hashed again only when its size or modification time changed (the executable
    /// is some 200 MB, and every agent started on a host asks).
    private func localChecksum(_ path: String) throws -> String {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let stamp = "\(path) \((attributes[.size] as? NSNumber)?.int64Value ?? -1) \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1)"
        if let known = localChecksums[stamp] { return known }
        let checksum = try HashingFileWriter.sha256(ofFileAt: path)
        localChecksums = [stamp: checksum]
        return checksum
    }
}
