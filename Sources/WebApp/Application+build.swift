import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import HummingbirdCore
import NIOSSL
import Orchestration

/// Builds the router with every middleware and route; tests call this with a test configuration.
/// - Returns: the router and the catalog of routes with their access levels.
public func buildRouter(_ services: AppServices) -> (router: Router<AppRequestContext>, catalog: RouteCatalog) {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: services.metrics))
    router.add(middleware: RequestLogMiddleware(level: .info))
    router.add(middleware: SecurityHeadersMiddleware(tls: services.configuration.server.tls))
    if let publicFolder = services.publicFolder {
        // Error rendering below turns "no route" into a 404 response, so serve files on that response.
        router.add(middleware: FileMiddleware(publicFolder, urlBasePath: "/static").withServeOnNotFoundResponse())
    }
    // Authentication wraps error rendering, so error pages know who is signed in and cookies renewed
    // in passing reach the browser even when the page itself answers with an error.
    router.add(
        middleware: AuthenticationMiddleware(
            tokens: services.tokens, keys: services.apiKeys, cookies: services.cookies,
            refreshTTL: services.configuration.security.refreshTokenTTLSeconds))
    router.add(middleware: ErrorRenderingMiddleware(pages: services.pages))
    router.add(middleware: RateLimitMiddleware(limiter: services.apiLimiter, trustForwardedFor: services.configuration.server.trustForwardedFor))
    router.add(middleware: CSRFMiddleware(csrf: services.csrf))

    var routes = RouteRegistrar(router: router)
    SystemController(services: services).addRoutes(to: &routes)
    AuthController(services: services).addRoutes(to: &routes)
    UserController(services: services).addRoutes(to: &routes)
    APIKeyController(services: services).addRoutes(to: &routes)
    PageController(services: services).addRoutes(to: &routes)
    AdminPageController(services: services).addRoutes(to: &routes)
    ProjectController(services: services).addRoutes(to: &routes)
    AgentController(services: services).addRoutes(to: &routes)
    AgentInteractionController(services: services).addRoutes(to: &routes)
    MessageController(services: services).addRoutes(to: &routes)
    CheckinController(services: services).addRoutes(to: &routes)
    GitController(services: services).addRoutes(to: &routes)
    EventController(services: services).addRoutes(to: &routes)
    MonitoringController(services: services).addRoutes(to: &routes)
    ProjectPageController(services: services).addRoutes(to: &routes)
    SystemPageController(services: services).addRoutes(to: &routes)
    BackupController(services: services).addRoutes(to: &routes)
    AppShellController(services: services).addRoutes(to: &routes)
    NotificationController(services: services).addRoutes(to: &routes)
    ChannelController(services: services).addRoutes(to: &routes)
    ReviewController(services: services).addRoutes(to: &routes)
    UsageController(services: services).addRoutes(to: &routes)
    HostController(services: services).addRoutes(to: &routes)
    HostsPageController(services: services).addRoutes(to: &routes)
    ApprovalRuleController(services: services).addRoutes(to: &routes)
    NotificationRuleController(services: services).addRoutes(to: &routes)
    WebSocketController(services: services).addRoutes(to: &routes)
    TerminalController(services: services).addRoutes(to: &routes)
    IntelligenceController(services: services).addRoutes(to: &routes)
    BatchController(services: services).addRoutes(to: &routes)
    IntelligencePageController(services: services).addRoutes(to: &routes)
    MCPController(services: services).addRoutes(to: &routes)
    DocsController(services: services).addRoutes(to: &routes)  // last: its document covers every route
    return (router, routes.catalog)
}

/// Builds the whole application from ready services.
/// - Throws: ``ConfigurationError`` when `server.tls_cert_file` or `server.tls_key_file` cannot be used.
public func buildApplication(_ services: AppServices, logger: Logger) throws -> some ApplicationProtocol {
    let (router, _) = buildRouter(services)
    let configuration = services.configuration
    let sslContext = try configuration.server.tlsCertFile.flatMap { certificate in
        try configuration.server.tlsKeyFile.map { try serverSSLContext(certificateFile: certificate, keyFile: $0) }
    }
    return Application(
        router: router,
        // Every WebSocket is pinged every 30 s; one that does not answer is closed. A connection idle longer than
        // server.idle_timeout_seconds (a keep-alive nobody uses, headers that never finish) is closed.
        server: idleClosingServer(
            router: router, idleTimeout: .milliseconds(Int64(configuration.server.idleTimeoutSeconds * 1000)), sslContext: sslContext),
        configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: "tmux-orchestrator"),
        services: [OrchestratorService(runtime: services.runtime)],
        logger: logger)
}

/// HTTP/1 with WebSocket upgrades, each connection closed after `idleTimeout` without traffic (see ``IdleClosingChannel``);
/// with `sslContext`, HTTPS and WSS (see ``HTTPSChannel``).
func idleClosingServer(router: Router<AppRequestContext>, idleTimeout: TimeAmount, sslContext: NIOSSLContext? = nil) -> HTTPServerBuilder {
    let webSockets = router.buildResponder()
    return HTTPServerBuilder { responder in
        let channel = IdleClosingChannel(
            inner: HTTP1WebSocketUpgradeChannel(
                responder: responder, webSocketResponder: webSockets,
                configuration: HTTP1WebSocketUpgradeChannel.Configuration(
                    http1: .init(idleTimeout: idleTimeout), ws: .init(autoPing: .enabled(timePeriod: .seconds(30))))),
            timeout: idleTimeout)
        guard let sslContext else { return channel }
        return HTTPSChannel(inner: channel, sslContext: sslContext)
    }
}

/// The TLS context for `server.tls_cert_file` (a PEM chain, leaf first) and `server.tls_key_file` (its PEM key).
/// - Throws: ``ConfigurationError`` saying which file cannot be used and why.
func serverSSLContext(certificateFile: String, keyFile: String) throws -> NIOSSLContext {
    let chain: [NIOSSLCertificate]
    do {
        chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
    } catch {
        throw ConfigurationError.outOfRange(setting: "server.tls_cert_file", reason: "cannot be read as a PEM certificate chain (\(certificateFile): \(error))")
    }
    guard !chain.isEmpty else {
        throw ConfigurationError.outOfRange(setting: "server.tls_cert_file", reason: "holds no certificate (\(certificateFile))")
    }
    let key: NIOSSLPrivateKey
    do {
        key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
    } catch {
        throw ConfigurationError.outOfRange(setting: "server.tls_key_file", reason: "cannot be read as a PEM private key (\(keyFile): \(error))")
    }
    let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    do {
        return try NIOSSLContext(configuration: tls)
    } catch {
        throw ConfigurationError.outOfRange(setting: "server.tls_key_file", reason: "does not fit the certificate in server.tls_cert_file (\(error))")
    }
}
