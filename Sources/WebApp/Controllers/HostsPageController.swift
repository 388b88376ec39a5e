import Foundation
import Hummingbird
import OrchestratorCore
import Orchestration
import Storage

/// `/admin/hosts`: the hosts with their health, and forms that run the hosts API's own handlers (add, check now,
/// trust a new key, remove), then come back with a notice or the problem in words.
struct HostsPageController {
    let services: AppServices

    private var api: HostController { HostController(services: services) }

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/admin/hosts", .role(.admin), page)
        routes.post("/admin/hosts", .role(.admin), add)
        routes.post("/admin/hosts/:name/check", .role(.admin), check)
        routes.post("/admin/hosts/:name/trust", .role(.admin), trust)
        routes.post("/admin/hosts/:name/delete", .role(.admin), remove)
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let principal = try context.requirePrincipal()
        let hosts = services.runtime.hosts
        let localRoot = services.configuration.workspace.roots.first
        var rows = [HostsPageModel.row(nil, health: await hosts.lastHealth(HostAdministration.localName), localRoot: localRoot)]
        for record in try services.database.hosts() { rows.append(HostsPageModel.row(record, health: await hosts.lastHealth(record.name), localRoot: localRoot)) }
        let flash = PageFlash.read(request)
        let model = HostsPageModel(
            chrome: services.pages.chrome("Hosts", principal: principal, section: "hosts"), notice: flash?.kind == .notice ? flash?.text : nil,
            error: flash?.kind == .error ? flash?.text : nil, hosts: rows)
        return services.pages.render("pages/admin-hosts", model)
    }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { form in
            var json: [String: Any] = ["name": form["name"] ?? "", "ssh": form["ssh"] ?? "", "workspace_root": form["workspace_root"] ?? ""]
            if let key = form["identity_file"], !key.isEmpty { json["identity_file"] = key }
            if let limit = form["max_agents"], !limit.isEmpty { json["max_agents"] = Int(limit) ?? -1 }
            if let labels = form["labels"], !labels.isEmpty { json["labels"] = labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            if let fingerprint = form["host_key_fingerprint"], !fingerprint.isEmpty { json["host_key_fingerprint"] = fingerprint }
            _ = try await api.create(try InternalRequest.make(.post, "/api/v1/hosts", json: json), context: context)
            return "Host \(form["name"] ?? "") added: its keys are pinned and a login worked."
        }
    }

    @Sendable func check(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        return try await act(request, context) { _ in
            let host = try await api.show(try InternalRequest.make(.get, "/api/v1/hosts/\(name)"), context: context)
            guard let health = host.health, health.reachable else { throw APIError.conflict("host_unreachable", "\(name): \(host.health?.error ?? "no answer")") }
            return "\(name) answered in \(String(format: "%.1f", health.roundTripMilliseconds ?? 0)) ms."
        }
    }

    @Sendable func trust(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        return try await act(request, context) { form in
            var json: [String: Any] = [:]
            if let fingerprint = form["host_key_fingerprint"], !fingerprint.isEmpty { json["host_key_fingerprint"] = fingerprint }
            let host = try await api.trust(try InternalRequest.make(.post, "/api/v1/hosts/\(name)/trust", json: json), context: context)
            return "\(name)'s keys are pinned again: \(host.fingerprints.joined(separator: ", "))."
        }
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        return try await act(request, context) { _ in
            _ = try await api.remove(try InternalRequest.make(.delete, "/api/v1/hosts/\(name)"), context: context)
            return "Host \(name) removed and its keys forgotten."
        }
    }

    /// Runs `change` with the form's fields; back to the page with its notice, or with the refusal in words.
    private func act(_ request: Request, _ context: AppRequestContext, _ change: (FormFields) async throws -> String) async throws -> Response {
        var request = request
        let form = FormFields(body: try await request.collectBody(upTo: context.maxUploadSize))
        do {
            let notice = try await change(form)
            return PageFlash(kind: .notice, text: notice).redirect(to: "/admin/hosts", secure: services.cookies.secure)
        } catch {
            guard let problem = PageProblem.text(for: error) else { throw error }
            return PageFlash(kind: .error, text: problem).redirect(to: "/admin/hosts", secure: services.cookies.secure)
        }
    }
}
