import Foundation
import Logging
import OrchestratorCore
import ProcessKit
import Storage
import TmuxKit

/// The SSH hosts an admin added: their keys pinned on adding, their health checked on demand and every
/// ``refreshInterval``, and the built-in `local` host (the server's own machine) beside them.
package actor HostAdministration {
    /// A host an admin asks to add (fields already checked by shape).
    package struct Request: Sendable {
        package var name: String
        package var target: SSHTarget
        package var identityFile: String?
        package var workspaceRoot: String
        package var maxAgents: Int?
        package var labels: [String]
        /// The fingerprint the admin read on the host itself: the scanned keys must include it.
        package var fingerprint: String?

        package init(name: String, target: SSHTarget, identityFile: String?, workspaceRoot: String, maxAgents: Int?, labels: [String], fingerprint: String?) {
            self.name = name
            self.target = target
            self.identityFile = identityFile
            self.workspaceRoot = workspaceRoot
            self.maxAgents = maxAgents
            self.labels = labels
            self.fingerprint = fingerprint
        }
    }

    /// The name of the server's own machine.
    package static let localName = "local"
    /// How often every host's health is looked at again.
    package static let refreshInterval: Duration = .seconds(30)

    let database: AppDatabase
    package nonisolated let transport: SSHTransport
    private let pinning: HostKeyPinning
    let tmuxSocket: String
    let logger: Logger
    private let events: EventHub
    private var health: [String: HostHealth] = [:]
    /// Since when each unreachable host has been.
    private var downSince: [String: Date] = [:]
    /// Each host's tmux server (reached over its master connection), made on first use.
    var tmuxServers: [String: TmuxServer] = [:]
    /// The port on each host that leads back to the server, once its tunnel has been opened.
    var tunnelPorts: [String: Int] = [:]
    /// Where the server's own executable was copied on each host, by host and checksum.
    var installedBinaries: [String: String] = [:]
    /// The executable's checksum, by its path, size and modification time.
    var localChecksums: [String: String] = [:]
    /// Told when a host stops answering (false) or answers again (true).
    var reachabilityListeners: [@Sendable (String, Bool) async -> Void] = []

    package init(database: AppDatabase, events: EventHub, dataDir: String, tmuxSocket: String, logger: Logger) {
        self.database = database
        self.events = events
        transport = SSHTransport(dataDir: dataDir)
        pinning = HostKeyPinning(transport: transport)
        self.tmuxSocket = tmuxSocket
        self.logger = logger
    }

    /// Adds a host: its keys scanned and pinned, a login tried with them; nothing is stored unless both work.
    package func add(_ request: Request, by actor: Principal) async throws -> (HostRecord, HostHealth) {
        guard try database.host(named: request.name) == nil, request.name != Self.localName else {
            throw APIError.conflict("host_exists", "a host named '\(request.name)' exists already")
        }
        // One record per address: its pinned keys belong to it alone.
        if let same = try database.hosts().first(where: { (try? SSHTarget.parse($0.ssh).get())?.knownHostsName == request.target.knownHostsName }) {
            throw APIError.conflict("host_exists", "\(request.target.text) is host '\(same.name)' already")
        }
        let (lines, fingerprints) = try await scan(request.target)
        if let expected = request.fingerprint, !fingerprints.contains(expected) {
            throw ValidationFailure([FieldError(field: "host_key_fingerprint", message: "the host offered \(fingerprints.joined(separator: ", ")), not \(expected): refused")])
        }
        try pinning.pin(lines, for: request.target)
        let record = HostRecord(
            name: request.name, ssh: request.target.text, identityFile: request.identityFile, workspaceRoot: request.workspaceRoot,
            maxAgents: request.maxAgents, labels: Self.json(request.labels), fingerprints: Self.json(fingerprints), createdBy: actor.actorLabel)
        let checked = await check(record)
        guard checked.reachable else {
            try? pinning.unpin(request.target)
            throw APIError.conflict("host_unreachable", "\(request.target.text): \(checked.error ?? "could not log in")")
        }
        guard try database.insertHost(record) else {
            throw APIError.conflict("host_exists", "a host named '\(request.name)' exists already, or the most hosts (\(AppDatabase.maximumHosts)) do")
        }
        try database.recordAudit(actor: actor.actorLabel, action: "host.add", target: request.name, details: "\(request.target.text) \(fingerprints.joined(separator: " "))")
        return (record, checked)
    }

    /// Scans again after a deliberate key change and pins what the host offers now.
    package func trust(_ name: String, fingerprint: String?, by actor: Principal) async throws -> (HostRecord, HostHealth) {
        guard var record = try database.host(named: name), let target = try? SSHTarget.parse(record.ssh).get() else {
            throw APIError.notFound("no host named '\(name)'")
        }
        let (lines, fingerprints) = try await scan(target)
        if let fingerprint, !fingerprints.contains(fingerprint) {
            throw ValidationFailure([FieldError(field: "host_key_fingerprint", message: "the host offered \(fingerprints.joined(separator: ", ")), not \(fingerprint): refused")])
        }
        await transport.disconnect(target, identityFile: record.identityFile)
        try pinning.pin(lines, for: target)
        record.fingerprints = Self.json(fingerprints)
        record.updatedAt = Date()
        try database.updateHost(record)
        try database.recordAudit(actor: actor.actorLabel, action: "host.trust", target: name, details: fingerprints.joined(separator: " "))
        return (record, await check(record))
    }

    /// Saves changed settings (the address cannot change: a new address is a new host with its own keys).
    package func update(_ record: HostRecord, by actor: Principal) throws {
        try database.updateHost(record)
        try database.recordAudit(actor: actor.actorLabel, action: "host.update", target: record.name)
    }

    /// Removes a host: its keys forgotten, its connection closed.
    package func remove(_ name: String, by actor: Principal) async throws {
        guard let record = try database.host(named: name) else { throw APIError.notFound("no host named '\(name)'") }
        try database.deleteHost(named: name)
        if let target = try? SSHTarget.parse(record.ssh).get() {
            await transport.disconnect(target, identityFile: record.identityFile)
            try? pinning.unpin(target)
        }
        health[name] = nil
        tmuxServers[name]?.setOffline(true)
        tmuxServers[name] = nil
        tunnelPorts[name] = nil
        try? FileManager.default.removeItem(atPath: transport.folder + "/tunnel-\(name).port")
        try database.recordAudit(actor: actor.actorLabel, action: "host.delete", target: name)
    }

    /// The host's health now (and kept for the list).
    package func check(_ record: HostRecord) async -> HostHealth {
        let result: HostHealth
        if let target = try? SSHTarget.parse(record.ssh).get() {
            result = await checkRemote(target, identityFile: record.identityFile)
        } else {
            result = .down("its address '\(record.ssh)' cannot be read")
        }
        tmuxServers[record.name]?.setOffline(!result.reachable)
        announce(record.name, result)
        health[record.name] = result
        return result
    }

    /// Tells once when a host stops answering (a `host_status` event and a `system_alert`; admins are notified) and
    /// once when it answers again.
    private func announce(_ name: String, _ result: HostHealth) {
        guard let before = health[name], before.reachable != result.reachable else { return }
        let since: Date
        let message: String
        if result.reachable {
            since = result.checkedAt
            message = "Host \(name) is reachable again" + (downSince[name].map { " (unreachable since \($0.formatted(.iso8601)))" } ?? "") + "."
            downSince[name] = nil
        } else {
            since = downSince[name] ?? result.checkedAt
            downSince[name] = since
            message = "Host \(name) unreachable since \(since.formatted(.iso8601)): \(result.error ?? "no answer")."
        }
        logger.warning("\(message)")
        let listeners = reachabilityListeners
        Task { for listener in listeners { await listener(name, result.reachable) } }
        events.log("host_status", projectID: nil, HostStatusEvent(host: name, reachable: result.reachable, error: result.error, since: since, message: message))
        events.log("system_alert", projectID: nil, SystemAlert(level: result.reachable ? "info" : "error", message: message))
    }

    /// The server's own machine.
    package func checkLocal() async -> HostHealth {
        let started = ContinuousClock.now
        let output = try? await ChildProcess(
            executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", HostHealth.script(socket: tmuxSocket)], directory: URL(fileURLWithPath: "/"),
            environment: ProcessInfo.processInfo.environment, input: nil, timeout: .seconds(10)
        ).run()
        let result = output.map { HostHealth.parse($0.stdout, roundTrip: Self.milliseconds(since: started)) } ?? .down("the health script did not run")
        health[Self.localName] = result
        return result
    }

    /// The last health seen of a host, if any.
    package func lastHealth(_ name: String) -> HostHealth? { health[name] }

    /// Since when a host has not answered (nil while it answers).
    package func unreachableSince(_ name: String) -> Date? { downSince[name] }

    /// Looks at every host again.
    package func refreshAll() async {
        _ = await checkLocal()
        for record in (try? database.hosts()) ?? [] { _ = await check(record) }
    }

    /// Looks again at the hosts that do not answer (and at any not looked at for ``refreshInterval``), so a host
    /// coming back is noticed within seconds.
    package func refreshDue(now: Date = Date()) async {
        let stale = now.addingTimeInterval(-Double(Self.refreshInterval.components.seconds))
        if (health[Self.localName]?.checkedAt ?? .distantPast) < stale { _ = await checkLocal() }
        for record in (try? database.hosts()) ?? [] {
            let last = health[record.name]
            if last == nil || last?.reachable == false || last!.checkedAt < stale { _ = await check(record) }
        }
    }

    private func checkRemote(_ target: SSHTarget, identityFile: String?) async -> HostHealth {
        do {
            let login = try await transport.run(["true"], on: target, identityFile: identityFile, timeout: .seconds(8))
            guard login.status == 0 else { return .down(SSHTransport.explain(login)) }
            // Over the master connection now open: one command's round trip.
            let again = ContinuousClock.now
            let facts = try await transport.run(["sh", "-c", HostHealth.script(socket: tmuxSocket)], on: target, identityFile: identityFile, timeout: .seconds(8))
            guard facts.status == 0 else { return .down(SSHTransport.explain(facts)) }
            return HostHealth.parse(facts.stdout, roundTrip: Self.milliseconds(since: again))
        } catch ProcessError.timedOut {
            return .down("the host did not answer in time")
        } catch {
            return .down("ssh could not be run: \(error)")
        }
    }

    private func scan(_ target: SSHTarget) async throws -> (lines: [String], fingerprints: [String]) {
        do {
            return try await pinning.scan(target)
        } catch HostError.unreachable(let reason) {
            throw APIError.conflict("host_unreachable", "\(target.text): \(reason)")
        }
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return (Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15).rounded(toPlaces: 2)
    }

    /// A JSON array of strings.
    package static func json(_ values: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(values)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

extension Double {
    fileprivate func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
