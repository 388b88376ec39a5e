import Foundation
import ProcessKit

/// Debian's OpenSSH client, the way the server uses it: no config file of the user's (`-F /dev/null`), never a
/// question (`BatchMode=yes`), only the host keys the server pinned (`StrictHostKeyChecking=yes` against its own
/// `known_hosts`), one multiplexed master connection per host (`ControlMaster`, sockets in the data directory), a
/// short connect timeout and keep-alives (every 3 s, two missed end it) so a dead link is noticed in seconds.
public struct SSHTransport: Sendable {
    /// `<data>/ssh`: the pinned keys (`known_hosts`) and the master connections' sockets.
    public let folder: String
    /// Where the master connections' sockets are: `folder`, unless its path leaves no room for a socket name (a
    /// Unix socket's path is at most 107 bytes), then a folder of this user's under `/tmp`.
    let sockets: String

    /// - Parameter dataDir: the server's data directory.
    public init(dataDir: String) {
        folder = dataDir + "/ssh"
        if folder.utf8.count <= 60 {
            sockets = folder
        } else {
            var hash: UInt64 = 14_695_981_039_346_656_037
            for byte in folder.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
            sockets = "/tmp/orc-ssh-\(getuid())-" + String(hash, radix: 36)
        }
    }

    /// The server's own known_hosts file.
    public var knownHosts: String { folder + "/known_hosts" }

    /// The options every connection uses.
    func options(for target: SSHTarget, identityFile: String?) -> [String] {
        var options = [
            "-F", "/dev/null",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=" + knownHosts,
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "CheckHostIP=no",
            "-o", "ControlMaster=auto",
            "-o", "ControlPath=" + sockets + "/cm-%C",
            "-o", "ControlPersist=60",
            "-o", "ConnectTimeout=5",
            "-o", "ServerAliveInterval=3",
            "-o", "ServerAliveCountMax=2",
            "-o", "LogLevel=ERROR",
            "-p", String(target.port),
        ]
        if let identityFile { options += ["-i", identityFile, "-o", "IdentitiesOnly=yes"] }
        return options
    }

    /// Makes the folders for the pinned keys and the master connections' sockets.
    func prepareFolders() throws {
        for path in [folder, sockets] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// The whole argv (`/usr/bin/ssh …`) that runs `argv` on the host, each word quoted by ``RemoteShell``.
    public func argv(_ argv: [String], on target: SSHTarget, identityFile: String?) -> [String] {
        ["/usr/bin/ssh"] + options(for: target, identityFile: identityFile) + ["-T", "--", target.destination, RemoteShell.command(argv)]
    }

    /// Runs `argv` on the host (each word quoted by ``RemoteShell``) and returns what it printed.
    public func run(_ argv: [String], on target: SSHTarget, identityFile: String?, input: String? = nil, timeout: Duration = .seconds(20)) async throws
        -> ProcessOutput
    {
        try prepareFolders()
        let command = self.argv(argv, on: target, identityFile: identityFile)
        return try await ChildProcess(
            executable: URL(fileURLWithPath: command[0]), arguments: Array(command.dropFirst()), directory: URL(fileURLWithPath: folder),
            environment: ProcessInfo.processInfo.environment, input: input, timeout: timeout
        ).run()
    }

    /// Runs `argv` on the host with the bytes of the local file `inputFile` as its standard input.
    public func run(_ argv: [String], on target: SSHTarget, identityFile: String?, inputFile: String, timeout: Duration) async throws -> ProcessOutput {
        try prepareFolders()
        let command = self.argv(argv, on: target, identityFile: identityFile)
        return try await ChildProcess(
            executable: URL(fileURLWithPath: command[0]), arguments: Array(command.dropFirst()), directory: URL(fileURLWithPath: folder),
            environment: ProcessInfo.processInfo.environment, inputFile: URL(fileURLWithPath: inputFile), timeout: timeout
        ).run()
    }

    /// Asks the host's master connection to forward `127.0.0.1:<remotePort>` on the host (0: any free port) to
    /// `localHost:localPort` here, and returns the port the host listens on. Asking again for a forward the master
    /// holds already answers its port.
    public func forward(remotePort: Int, to localHost: String, _ localPort: Int, on target: SSHTarget, identityFile: String?) async throws -> Int {
        try prepareFolders()
        // A master must be running for `-O forward`.
        let login = try await run(["true"], on: target, identityFile: identityFile, timeout: .seconds(10))
        guard login.status == 0 else { throw HostError.unreachable(Self.explain(login)) }
        let spec = "127.0.0.1:\(remotePort):\(localHost):\(localPort)"
        let arguments = options(for: target, identityFile: identityFile) + ["-o", "ExitOnForwardFailure=yes", "-O", "forward", "-R", spec, "--", target.destination]
        let output = try await ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/ssh"), arguments: arguments, directory: URL(fileURLWithPath: folder),
            environment: ProcessInfo.processInfo.environment, input: nil, timeout: .seconds(10)
        ).run()
        guard output.status == 0 else { throw HostError.unreachable("the tunnel to the server could not be opened: " + Self.explain(output)) }
        if remotePort != 0 { return remotePort }
        guard let port = Int(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), port > 0 else {
            throw HostError.unreachable("the tunnel to the server gave no port (\(output.stdout))")
        }
        return port
    }

    /// `GIT_SSH_COMMAND` for git talking to the host with the same options (git adds the port from the URL).
    public func gitSSHCommand(identityFile: String?) -> String {
        var options = options(for: SSHTarget(user: "git", host: "localhost"), identityFile: identityFile)
        if let index = options.firstIndex(of: "-p") { options.removeSubrange(index...index + 1) }
        return RemoteShell.command(["/usr/bin/ssh"] + options)
    }

    /// Closes a host's master connection (after its key or address changed, or it was removed).
    public func disconnect(_ target: SSHTarget, identityFile: String?) async {
        let arguments = options(for: target, identityFile: identityFile) + ["-O", "exit", "--", target.destination]
        _ = try? await ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/ssh"), arguments: arguments, directory: URL(fileURLWithPath: "/"),
            environment: ProcessInfo.processInfo.environment, input: nil, timeout: .seconds(5)
        ).run()
    }

    /// What ssh's error output means for a person.
    public static func explain(_ output: ProcessOutput) -> String {
        let text = output.stderr
        if text.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") || text.contains("Host key verification failed") {
            return "the host's key is not the one pinned when it was added (refused: nothing was run there); if it changed on purpose, trust the new key"
        }
        if text.contains("Permission denied") { return "the host refused the login (the key is not authorized for that user)" }
        if text.contains("timed out") { return "the host did not answer in time" }
        if text.contains("Connection refused") { return "nothing listens for SSH at that address and port" }
        if text.contains("No route to host") || text.contains("Network is unreachable") { return "the host cannot be reached" }
        let line = text.split(separator: "\n").last.map(String.init) ?? ""
        return line.isEmpty ? "ssh exited with \(output.status)" : String(line.prefix(300))
    }
}
