import Foundation
import Hummingbird
import OrchestratorCore
import Orchestration
import Storage

/// `/api/v1/hosts` (admins): machines agents may run on, reached over SSH. Adding one pins its host keys (their
/// fingerprints are in the answer, for the admin to compare with the host's own) and tries a login with them;
/// afterwards a changed key is refused until `POST …/{name}/trust`. `local`, the server's own machine, is listed first.
struct HostController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/hosts", .role(.admin), list)
        routes.post("/api/v1/hosts", .role(.admin), create)
        routes.get("/api/v1/hosts/:name", .role(.admin), show)
        routes.patch("/api/v1/hosts/:name", .role(.admin), update)
        routes.delete("/api/v1/hosts/:name", .role(.admin), remove)
        routes.post("/api/v1/hosts/:name/trust", .role(.admin), trust)
    }

    struct CreateRequest: Decodable {
        var name: String
        var ssh: String
        var identityFile: String?
        var workspaceRoot: String
        var maxAgents: Int?
        var labels: [String]?
        var hostKeyFingerprint: String?
        enum CodingKeys: String, CodingKey {
            case name, ssh, labels
            case identityFile = "identity_file"
            case workspaceRoot = "workspace_root"
            case maxAgents = "max_agents"
            case hostKeyFingerprint = "host_key_fingerprint"
        }
    }

    struct UpdateRequest: Decodable {
        var identityFile: String?
        var workspaceRoot: String?
        var maxAgents: Int?
        var labels: [String]?
        enum CodingKeys: String, CodingKey {
            case labels
            case identityFile = "identity_file"
            case workspaceRoot = "workspace_root"
            case maxAgents = "max_agents"
        }
    }

    struct TrustRequest: Decodable {
        var hostKeyFingerprint: String?
        enum CodingKeys: String, CodingKey { case hostKeyFingerprint = "host_key_fingerprint" }
    }

    struct HostResponse: ResponseEncodable {
        var name: String
        var ssh: String?
        var identityFile: String?
        var workspaceRoot: String?
        var maxAgents: Int?
        var labels: [String]
        var fingerprints: [String]
        var createdBy: String?
        var createdAt: Date?
        var health: HostHealth?
        enum CodingKeys: String, CodingKey {
            case name, ssh, labels, fingerprints, health
            case identityFile = "identity_file"
            case workspaceRoot = "workspace_root"
            case maxAgents = "max_agents"
            case createdBy = "created_by"
            case createdAt = "created_at"
        }

        init(_ record: HostRecord, health: HostHealth?) {
            name = record.name
            ssh = record.ssh
            identityFile = record.identityFile
            workspaceRoot = record.workspaceRoot
            maxAgents = record.maxAgents
            labels = (try? JSONDecoder().decode([String].self, from: Data(record.labels.utf8))) ?? []
            fingerprints = (try? JSONDecoder().decode([String].self, from: Data(record.fingerprints.utf8))) ?? []
            createdBy = record.createdBy
            createdAt = record.createdAt
            self.health = health
        }

        init(localHealth: HostHealth?, workspaceRoot: String?) {
            name = HostAdministration.localName
            self.workspaceRoot = workspaceRoot
            labels = []
            fingerprints = []
            health = localHealth
        }
    }

    struct HostList: ResponseEncodable {
        var items: [HostResponse]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> HostList {
        let hosts = services.runtime.hosts
        let local = await hosts.lastHealth(HostAdministration.localName)
        var items = [HostResponse(localHealth: local, workspaceRoot: services.configuration.workspace.roots.first)]
        for record in try services.database.hosts() { items.append(HostResponse(record, health: await hosts.lastHealth(record.name))) }
        return HostList(items: items)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let principal = try context.requirePrincipal()
        let body = try await request.decodeBody(CreateRequest.self, context: context)
        var check = Validator()
        check.require(body.name.wholeMatch(of: /[a-z0-9][a-z0-9-]{0,39}/) != nil, "name", "must be 1 to 40 lower-case letters, digits and '-', starting with a letter or digit")
        check.require(body.name != HostAdministration.localName, "name", "'local' is the server's own machine")
        var target: SSHTarget?
        switch SSHTarget.parse(body.ssh) {
        case .success(let parsed): target = parsed
        case .failure(let error): check.require(false, "ssh", error.reason)
        }
        Self.checkSettings(&check, identityFile: body.identityFile, workspaceRoot: body.workspaceRoot, maxAgents: body.maxAgents, labels: body.labels)
        check.require(body.hostKeyFingerprint.map(Self.isFingerprint) ?? true, "host_key_fingerprint", "must be SHA256: and 43 base64 characters, as ssh-keygen -l prints it")
        try check.done()
        let (record, health) = try await services.runtime.hosts.add(
            .init(
                name: body.name, target: target!, identityFile: body.identityFile, workspaceRoot: body.workspaceRoot, maxAgents: body.maxAgents,
                labels: body.labels ?? [], fingerprint: body.hostKeyFingerprint), by: principal)
        return try HostResponse(record, health: health).response(status: .created, from: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> HostResponse {
        let name = try context.parameters.require("name")
        if name == HostAdministration.localName {
            return HostResponse(localHealth: await services.runtime.hosts.checkLocal(), workspaceRoot: services.configuration.workspace.roots.first)
        }
        guard let record = try services.database.host(named: name) else { throw APIError.notFound("no host named '\(name)'") }
        return HostResponse(record, health: await services.runtime.hosts.check(record))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> HostResponse {
        var request = request
        let principal = try context.requirePrincipal()
        let name = try context.parameters.require("name")
        guard var record = try services.database.host(named: name) else { throw APIError.notFound("no host named '\(name)'") }
        let body = try await request.decodeBody(UpdateRequest.self, context: context)
        var check = Validator()
        Self.checkSettings(&check, identityFile: body.identityFile, workspaceRoot: body.workspaceRoot ?? record.workspaceRoot, maxAgents: body.maxAgents, labels: body.labels)
        try check.done()
        if let identityFile = body.identityFile { record.identityFile = identityFile }
        if let workspaceRoot = body.workspaceRoot { record.workspaceRoot = workspaceRoot }
        if let maxAgents = body.maxAgents { record.maxAgents = maxAgents }
        if let labels = body.labels { record.labels = HostAdministration.json(labels) }
        record.updatedAt = Date()
        try await services.runtime.hosts.update(record, by: principal)
        return HostResponse(record, health: await services.runtime.hosts.lastHealth(name))
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let name = try context.parameters.require("name")
        guard name != HostAdministration.localName else { throw APIError.conflict("host_builtin", "'local' is the server's own machine and stays") }
        let force = request.uri.queryParameters["force"].map { $0 == "true" || $0 == "1" } ?? false
        let placed = Set(try await services.database.agents(inProjectsWithStatus: ["creating", "running", "paused", "failed"]).filter { $0.host == name }.map(\.projectId))
        let live = try await services.database.projects(limit: 10_000).items.filter { placed.contains($0.id) }
        guard live.isEmpty || force else {
            throw APIError.conflict(
                "host_in_use",
                "host \(name) has agents of \(live.map(\.id).joined(separator: ", ")); terminate those projects first, or remove it with ?force=true (their agents are left unreachable)")
        }
        try await services.runtime.hosts.remove(name, by: principal)
        return Response(status: .noContent)
    }

    @Sendable func trust(_ request: Request, context: AppRequestContext) async throws -> HostResponse {
        var request = request
        let principal = try context.requirePrincipal()
        let name = try context.parameters.require("name")
        let body = try await request.decodeBody(TrustRequest.self, context: context)
        var check = Validator()
        check.require(body.hostKeyFingerprint.map(Self.isFingerprint) ?? true, "host_key_fingerprint", "must be SHA256: and 43 base64 characters, as ssh-keygen -l prints it")
        try check.done()
        let (record, health) = try await services.runtime.hosts.trust(name, fingerprint: body.hostKeyFingerprint, by: principal)
        return HostResponse(record, health: health)
    }

    static func isFingerprint(_ text: String) -> Bool { text.wholeMatch(of: /SHA256:[A-Za-z0-9+\/]{43}/) != nil }

    static func checkSettings(_ check: inout Validator, identityFile: String?, workspaceRoot: String, maxAgents: Int?, labels: [String]?) {
        if let identityFile {
            var isDirectory: ObjCBool = false
            check.require(
                identityFile.hasPrefix("/") && FileManager.default.fileExists(atPath: identityFile, isDirectory: &isDirectory) && !isDirectory.boolValue
                    && FileManager.default.isReadableFile(atPath: identityFile),
                "identity_file", "must be the absolute path of a private key file the server can read")
        }
        check.require(
            workspaceRoot.hasPrefix("/") && workspaceRoot.count <= 1024 && !workspaceRoot.split(separator: "/").contains("..")
                && !workspaceRoot.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F },
            "workspace_root", "must be an absolute path on the host, without '..' or control characters")
        check.require(maxAgents.map { (1...1000).contains($0) } ?? true, "max_agents", "must be 1 to 1000")
        if let labels {
            check.require(labels.count <= 20, "labels", "may hold at most 20 labels")
            check.require(labels.allSatisfy { $0.wholeMatch(of: /[a-z0-9][a-z0-9._-]{0,39}/) != nil }, "labels", "each must be 1 to 40 lower-case letters, digits, '.', '_' or '-'")
        }
    }
}
