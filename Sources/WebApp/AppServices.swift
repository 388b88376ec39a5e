import TmuxKit
import Foundation
import Logging
import Storage
import Orchestration

/// Everything the routes need, built once at start.
public struct AppServices: Sendable {
    public let configuration: AppConfiguration
    public let database: AppDatabase
    public let tokens: TokenService
    public let hasher: PasswordHasher
    public let users: UserAdministration
    public let apiKeys: APIKeyAdministration
    public let login: LoginService
    public let csrf: CSRFProtection
    public let cookies: AuthCookies
    public let pages: PageRenderer
    public let apiLimiter: RateLimiter
    public let readiness: ReadinessProbe
    public let publicFolder: String?
    public let startedAt: Date
    public let runtime: ProjectRuntime
    /// The intelligence layer (the spec's daemon).
    package let intelligence: IntelligenceService
    /// Request counts and times for `/metrics`.
    public let metrics: RequestMetrics
    /// Entity tags and cached bodies of the polled read endpoints (off with `server.response_cache: false`).
    var representations = RepresentationCache()
    /// The project list's entries as written JSON, each kept while its rows are unchanged.
    let projectPieces = ProjectListPieces()

    /// Prepares the data directory, database, keys and first admin, then wires the services.
    ///
    /// On first start without a configured admin password, one is generated, written 0600 to
    /// `<data>/initial-admin-password` and printed once through `announce`.
    public static func bootstrap(
        configuration: AppConfiguration, logger: Logger, announce: @Sendable (String) -> Void = { print($0) }
    ) async throws -> AppServices {
        let data = try DataDirectory(path: configuration.storage.dataDir)
        let database = try AppDatabase.openFile(at: data.databasePath)
        let security = configuration.security
        let (keys, activeKID) = try await SigningKeyStore(path: data.signingKeysPath).loadOrCreate()
        let tokens = TokenService(
            keys: keys, activeKID: activeKID, database: database, accessTTL: security.accessTokenTTLSeconds,
            refreshTTL: security.refreshTokenTTLSeconds)
        let hasher = PasswordHasher(cost: security.bcryptCost)
        let users = UserAdministration(database: database, hasher: hasher)
        if let generated = try await users.ensureFirstAdmin(username: configuration.admin.username, password: configuration.admin.password) {
            try SecretFile.write(Data((generated + "\n").utf8), to: data.initialAdminPasswordPath)
            announce(
                """
                Created the first admin user '\(configuration.admin.username)' with the generated password:

                    \(generated)

                It is also saved (mode 0600) in \(data.initialAdminPasswordPath). Change it after logging in.
                """)
        }
        let csrf = CSRFProtection(secret: try data.csrfSecret())
        guard let templates = ResourceLocator.folder(named: "Templates", configured: configuration.paths.templates) else {
            throw ConfigurationError.outOfRange(setting: "paths.templates", reason: "is not set and no Templates/ folder was found")
        }
        let apiKeys = APIKeyAdministration(database: database)
        let sandbox = try ProjectRuntime.sandbox(configuration: configuration, dataDir: data.path)
        let runtime = ProjectRuntime(
            database: database, configuration: configuration, apiKeys: apiKeys, dataDir: data.path, logger: logger, sandbox: sandbox,
            prices: try Self.prices(configuration.usage, logger: logger))
        return AppServices(
            configuration: configuration, database: database, tokens: tokens, hasher: hasher, users: users,
            apiKeys: apiKeys,
            login: LoginService(
                database: database, hasher: hasher, tokens: tokens,
                perAddress: RateLimiter(limit: security.loginAttemptsPerMinute, window: 60),
                failuresPerUsername: RateLimiter(limit: security.loginFailuresPerUsername, window: TimeInterval(security.loginFailureWindowSeconds))),
            csrf: csrf, cookies: AuthCookies(secure: configuration.server.tls || security.secureCookies),
            pages: try await PageRenderer(directory: templates, csrf: csrf),
            apiLimiter: RateLimiter(limit: security.rateLimitPerMinute, window: 60),
            readiness: ReadinessProbe(database: database, tmuxServerAnswers: { [tmux = runtime.tmux] in await tmux.facts() != nil }),
            publicFolder: ResourceLocator.folder(named: "Public", configured: configuration.paths.publicFiles),
            startedAt: Date(),
            runtime: runtime,
            intelligence: runtime.intelligence,
            metrics: RequestMetrics(),
            representations: RepresentationCache(enabled: configuration.server.responseCache))
    }
    /// The model prices: `usage.prices_file` (which must load), else `Resources/model-prices.json` when found, with
    /// `usage.prices` over them.
    static func prices(_ settings: UsageSettings, logger: Logger) throws -> PriceTable {
        if let file = settings.pricesFile {
            do {
                return try PriceTable.load(file: file, overrides: settings.prices)
            } catch {
                throw ConfigurationError.outOfRange(setting: "usage.prices_file", reason: "could not be read as a price table: \(error)")
            }
        }
        let bundled = ResourceLocator.folder(named: "Resources").map { $0 + "/model-prices.json" }
        do {
            return try PriceTable.load(file: bundled.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }, overrides: settings.prices)
        } catch {
            logger.warning("usage: the bundled price table could not be read (\(error)); costs are unknown except configured prices")
            return try PriceTable.load(file: nil, overrides: settings.prices)
        }
    }
}
