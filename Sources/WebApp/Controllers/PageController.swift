import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// The server-rendered pages: login, logout, projects overview, account.
struct PageController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/login", .public, loginPage)
        routes.post("/login", .public, loginSubmit)
        routes.post("/logout", .public, logout)
        routes.get("/", .role(.viewer), overview)
        routes.get("/account", .authenticated, account)
        routes.post("/account/password", .authenticated, changePassword)
        routes.post("/account/sessions/revoke", .authenticated, signOutEverywhere)
    }

    @Sendable func loginPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = LoginRedirect.safeTarget(request.uri.queryParameters["next"].map(String.init))
        if context.principal != nil { return .redirect(to: next, type: .found) }
        let model = LoginPageModel(chrome: services.pages.chrome("Sign in", principal: nil), next: next, username: "", error: nil)
        return try services.pages.render("pages/login", model).response(from: request, context: context)
    }

    @Sendable func loginSubmit(_ request: Request, context: AppRequestContext) async throws -> Response {
        try CrossSiteLogin.check(request)
        var request = request
        let form = FormFields(body: try await request.collectBody(upTo: context.maxUploadSize))
        let next = LoginRedirect.safeTarget(form["next"])
        let username = form["username"] ?? ""
        let address = ClientAddress.of(request, context: context, trustForwardedFor: services.configuration.server.trustForwardedFor)
        do {
            let (tokens, _) = try await services.login.login(username: username, password: form["password"] ?? "", address: address)
            var response = Response.redirect(to: next, type: .normal)
            for cookie in services.cookies.issue(tokens, refreshTTL: services.configuration.security.refreshTokenTTLSeconds) {
                response.setCookie(cookie)
            }
            return response
        } catch let failure as AuthFailure {
            guard case .unauthenticated(let reason) = failure else { throw failure }
            return try loginAgain(request, context, next: next, username: username, error: reason.capitalizedFirst, status: .unauthorized)
        } catch let error as APIError where error.status == .tooManyRequests {
            var response = try loginAgain(request, context, next: next, username: username, error: error.message.capitalizedFirst, status: .tooManyRequests)
            for (name, value) in error.headers { response.headers[.init(name)!] = value }
            return response
        }
    }

    private func loginAgain(
        _ request: Request, _ context: AppRequestContext, next: String, username: String, error: String, status: HTTPResponse.Status
    ) throws -> Response {
        let model = LoginPageModel(chrome: services.pages.chrome("Sign in", principal: nil), next: next, username: username, error: error)
        return try services.pages.render("pages/login", model, status: status).response(from: request, context: context)
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let refresh = request.cookies[AuthCookies.refreshName]?.value, !refresh.isEmpty {
            try services.tokens.revoke(refreshToken: refresh)
        }
        if let sessionID = context.principal?.sessionID {
            try services.database.revokeSession(familyID: sessionID)
        }
        var response = Response.redirect(to: "/login", type: .normal)
        for cookie in services.cookies.clear() { response.setCookie(cookie) }
        return response
    }

    @Sendable func overview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let filter = OverviewPageModel.Filter(request.uri.queryParameters["status"].map(String.init) ?? "")
        let query = (request.uri.queryParameters["q"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
        let matching = try services.database.projectSummaries(search: query)
        let needing = try services.database.projectIDsNeedingAPerson()
        let projects = matching.filter { filter.admits($0.status, waiting: needing.contains($0.id)) }
        let hiddenEnded = filter == .current ? matching.filter { $0.status == .terminated }.count : 0
        let flash = PageFlash.read(request)
        var model = OverviewPageModel(
            chrome: services.pages.chrome("Projects", principal: principal, section: "projects", script: "overview.js"), projects: projects,
            filter: filter, query: query, agents: try services.database.agentStatesByProject(), lastActivity: try services.database.lastEventTimes(),
            waiting: try services.database.waitingAgents(), hiddenEnded: hiddenEnded, flash: flash)
        if let authority = request.head.authority { model.apiBase = (services.configuration.server.tls ? "https://" : "http://") + authority }
        if let root = services.runtime.workspace.roots.first { model.exampleProjectPath = root + "/webapp" }
        var response = try services.pages.render("pages/overview", model).response(from: request, context: context)
        if flash != nil { PageFlash.clear(&response, secure: services.cookies.secure) }
        return response
    }

    @Sendable func account(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let principal = try context.requirePrincipal()
        let notice = request.uri.queryParameters["changed"] != nil ? "Your password was changed. Other sessions were signed out." : nil
        let model = AccountPageModel(
            chrome: services.pages.chrome("Account", principal: principal, section: "account"), notice: notice,
            sessions: try services.database.liveSessions(userID: principal.userID), current: principal.sessionID)
        return services.pages.render("pages/account", model)
    }

    /// "Sign out everywhere": every session of this user ends, this one included, and the browser is signed out.
    @Sendable func signOutEverywhere(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        // A person signed in does this, not a key or an agent's token: a leaked key must not sign its owner out.
        guard principal.sessionID != nil else { throw AuthFailure.forbidden(reason: "signing out everywhere needs a signed-in session, not a key") }
        let ended = try services.database.revokeAllSessions(userID: principal.userID)
        try? services.database.recordAudit(actor: principal.actorLabel, action: "user.sign_out_everywhere", target: principal.username, details: "tokens=\(ended)")
        var response = Response.redirect(to: "/login", type: .normal)
        for cookie in services.cookies.clear() { response.setCookie(cookie) }
        return response
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let principal = try context.requirePrincipal()
        let form = FormFields(body: try await request.collectBody(upTo: context.maxUploadSize))
        let stored = try services.database.credentials(forUsername: principal.username)?.passwordHash
        var problem: String?
        let key = "current-password:" + principal.username.lowercased()
        if case .limited(let retryAfter) = await services.login.failuresPerUsername.consume(key) {
            problem = "Too many wrong current passwords; try again in \(retryAfter) s."
        } else if try await !services.hasher.verify(form["current_password"] ?? "", against: stored) {
            problem = "The current password is not right."
        } else if form["new_password"] != form["confirm_password"] {
            problem = "The new passwords do not match."
        } else {
            await services.login.failuresPerUsername.reset(key)
            do {
                try await services.users.changePassword(username: principal.username, to: form["new_password"] ?? "", actor: principal.actorLabel)
            } catch let failure as ValidationFailure {
                problem = "New password " + (failure.fields.first?.message ?? "is not acceptable") + "."
            }
        }
        if let problem {
            let model = AccountPageModel(chrome: services.pages.chrome("Account", principal: principal, section: "account"), error: problem)
            return try services.pages.render("pages/account", model, status: .unprocessableContent).response(from: request, context: context)
        }
        // Changing the password ended every session, this one included: sign in again with the new password.
        var response = Response.redirect(to: "/login?next=%2Faccount%3Fchanged%3D1", type: .normal)
        for cookie in services.cookies.clear() { response.setCookie(cookie) }
        return response
    }
}

extension String {
    /// The string with its first letter upper-cased, for messages shown as sentences.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
