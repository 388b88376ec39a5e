import HTTPTypes
import Foundation
import GitKit
import Logging
import OrchestratorCore
import Storage
import TmuxKit

/// Runs projects: a git worktree and a tmux window per agent, a session per project, messages delivered to panes.
///
/// Every change is written to the database before it is acted on and its outcome after, so a restart can
/// pick up where things stood (see ``recover()``).
public actor ProjectRuntime {
    package nonisolated let database: AppDatabase
    package nonisolated let tmux: TmuxServer
    package nonisolated let configuration: AppConfiguration
    package nonisolated let workspace: WorkspacePolicy
    package let apiKeys: APIKeyAdministration
    package nonisolated let worktreeRoot: String
    /// The server's data directory.
    package nonisolated let dataDir: String
    package nonisolated let locks = RepositoryLocks()
    package let logger: Logger
    package nonisolated let delivery: MessageDelivery
    package nonisolated let monitor: AgentMonitor
    package nonisolated let branches: BranchWatcher
    package nonisolated let sampler: SystemSampler
    /// Runs batches of specifications as projects.
    package nonisolated let batches: BatchRunner
    /// The intelligence layer (the spec's daemon).
    package nonisolated let intelligence: IntelligenceService
    /// Each project's repository state, kept so reads run no git process.
    package nonisolated let gitFacts = GitFactsCache()
    /// How agents' windows start (PATH, shell rc wrappers).
    package nonisolated let launch: AgentLaunch
    /// How agents are kept inside their project (bubblewrap), or why they are not.
    public nonisolated let sandbox: AgentSandbox
    /// Where contained agents' own HOME folders live (`<data>/homes/<project>/<agent>`).
    package nonisolated let homesRoot: String
    /// Scheduled backups of the data directory, and the list of them.
    public nonisolated let backups: BackupSchedule
    /// Web Push notices to people away from the page (nil when the VAPID key could not be made).
    public nonisolated let notifications: NotificationService?
    /// Approval rules, applied to tool uses hooks announce and questions drawn on screen.
    package nonisolated let approvals = ApprovalAnswerer()
    /// Reads what agents spend (transcripts, rollouts, aider's screen).
    package nonisolated let usage: UsageCollector
    /// Model prices for the usage figures.
    public nonisolated let prices: PriceTable
    /// The SSH hosts agents may run on.
    package nonisolated let hosts: HostAdministration
    /// Stores events and fans them out to watchers.
    public nonisolated let events: EventHub
    package let git = GitCommandRunner()
    /// Projects whose windows are being closed or opened on purpose right now (terminate, resume, a team change):
    /// their session may be missing for a moment without tmux having died.
    package var reshapingProjects: [String: Int] = [:]
    /// The earliest active check-in's due time as last read, read again only after the check-in table changed.
    package var nextCheckinDue: Date?
    package var checkinTables = TableChangeWatch([.scheduledCheckin])
    /// Whether agents' branches are being fetched from hosts right now.
    package var fetchingRemote = false

    /// Creates the runtime.
    /// - Parameters:
    ///   - dataDir: where agents' worktrees go (`<data>/worktrees/<project>/<agent>`).
    ///   - sandbox: how agents are contained; by default as `agents.sandbox` says, without a sandbox when
    ///     bubblewrap is demanded but does not work (``AgentSandbox/make(settings:dataDir:workspaceRoots:cliFolder:shellSetupFolder:tmuxSocketFolder:environment:)``
    ///     throws for that; the server calls it first).
    public init(
        database: AppDatabase, configuration: AppConfiguration, apiKeys: APIKeyAdministration, dataDir: String, logger: Logger,
        sandbox: AgentSandbox? = nil, prices: PriceTable = PriceTable(prices: [:], source: "none")
    ) {
        self.database = database
        self.configuration = configuration
        self.tmux = TmuxServer(socket: configuration.tmux.socket, logger: logger)
        self.workspace = WorkspacePolicy(roots: configuration.workspace.roots)
        self.apiKeys = apiKeys
        self.worktreeRoot = dataDir + "/worktrees"
        self.dataDir = dataDir
        self.logger = logger
        let events = EventHub(database: database)
        self.events = events
        let monitor = AgentMonitor(database: database, events: events, tmux: tmux, profiles: configuration.agents.profiles,
            hookAuthority: configuration.agents.hookAuthoritySeconds, logger: logger)
        self.monitor = monitor
        self.delivery = MessageDelivery(
            database: database, events: events, tmux: tmux, settings: configuration.agents, logger: logger,
            lastOutput: { session, pane in await monitor.lastOutput(pane: pane, watching: session) },
            latestScreen: { pane in await monitor.latestScreen(pane: pane) })
        self.branches = BranchWatcher(database: database, events: events, logger: logger)
        self.sampler = SystemSampler(database: database)
        self.batches = BatchRunner(database: database, configuration: configuration, logger: logger)
        self.intelligence = IntelligenceService(settings: configuration.intelligence, database: database, dataDir: dataDir, prices: prices, logger: logger)
        let launch = AgentLaunch(dataDir: dataDir)
        self.launch = launch
        do { try launch.writeShellSetup() } catch { logger.error("could not write the shell rc wrappers: \(error)") }
        self.homesRoot = dataDir + "/homes"
        self.prices = prices
        self.hosts = HostAdministration(database: database, events: events, dataDir: dataDir, tmuxSocket: configuration.tmux.socket, logger: logger)
        self.usage = UsageCollector(
            database: database, access: TranscriptAccess(environment: ProcessInfo.processInfo.environment, homesRoot: dataDir + "/homes"), logger: logger)
        do {
            let host = configuration.server.host == "0.0.0.0" || configuration.server.host == "::" ? "127.0.0.1" : configuration.server.host
            let scheme = configuration.server.tlsCertFile == nil ? "http" : "https"
            let settings = configuration.notifications
            self.notifications = NotificationService(
                database: database, keys: try VAPIDKeys.loadOrCreate(dataDir: dataDir),
                policy: WebhookPolicy(allowedHosts: configuration.batch.webhookAllowedHosts),
                subject: settings.vapidSubject, publicURL: settings.publicURL ?? "\(scheme)://\(host):\(configuration.server.port)",
                telegramAPI: settings.telegramAPIURL, mail: settings.mail, agentNoticeInterval: TimeInterval(settings.agentNoticeIntervalSeconds),
                logger: logger)
        } catch {
            logger.error("web push is off: the VAPID key could not be made (\(error))")
            self.notifications = nil
        }
        self.backups = BackupSchedule(
            dataDir: dataDir, intervalMinutes: configuration.storage.backupIntervalMinutes, keep: configuration.storage.backupKeep, logger: logger)
        self.sandbox = sandbox ?? (try? Self.sandbox(configuration: configuration, dataDir: dataDir))
            ?? AgentSandbox.off("agents are NOT contained: bubblewrap does not work here")
    }

    /// The sandbox `configuration` asks for, with this server's data directory, workspace roots, CLI and tmux socket.
    /// - Throws: ``ConfigurationError`` when `agents.sandbox` is `bubblewrap` and bubblewrap does not work here.
    public static func sandbox(configuration: AppConfiguration, dataDir: String) throws -> AgentSandbox {
        let launch = AgentLaunch(dataDir: dataDir)
        let environment = ProcessInfo.processInfo.environment
        let socketFolder = (environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp") + "/tmux-\(getuid())"
        return try AgentSandbox.make(
            settings: configuration.agents, dataDir: dataDir, workspaceRoots: configuration.workspace.roots, cliFolder: launch.cliFolder,
            shellSetupFolder: launch.shellSetupFolder, tmuxSocketFolder: socketFolder, environment: environment)
    }

    /// The tmux session of a project's agents on this machine.
    package nonisolated func sessionName(_ projectID: String) -> String { SessionAddress.name(projectID, host: nil) }

    /// The tmux session of a project's agents on `host` (nil: this machine), as ``SessionAddress`` writes it.
    package nonisolated func sessionName(_ projectID: String, host: String?) -> String { SessionAddress.name(projectID, host: host) }

    /// Ends every tmux session of a project: this machine's and one per SSH host its agents run on.
    package func killSessions(of projectID: String) async {
        let hosts = Set(((try? await database.agents(projectID: projectID)) ?? []).compactMap(\.host))
        try? await tmux.killSession(sessionName(projectID))
        for host in hosts { try? await tmux.killSession(sessionName(projectID, host: host)) }
    }

    /// The base URL agents use to reach the server.
    package nonisolated var serverURL: String {
        let host = configuration.server.host == "0.0.0.0" || configuration.server.host == "::" ? "127.0.0.1" : configuration.server.host
        return "http://\(host):\(configuration.server.port)"
    }

    /// Checks the target, stores and queues a message, then has it delivered.
    /// - Throws: 404 for an unknown project or agent, 409 for a terminated project (nothing stored).
    public nonisolated func send(_ message: MessageRecord) async throws -> MessageRecord {
        switch try await database.enqueueChecked(message) {
        case .noProject:
            throw APIError.notFound("no project with id '\(message.projectId)'")
        case .noAgent:
            throw APIError.notFound("project \(message.projectId) has no agent '\(message.targetAgent)'")
        case .projectTerminated:
            throw APIError.conflict("project_terminated", "project \(message.projectId) is terminated; its agents take no messages")
        case .queued(let stored, let project, let agent, let isNext):
            // When nothing else waits for the agent, the delivery starts from what was just read, without a read of its own.
            let next = isNext ? PendingDelivery(message: stored, project: project, agent: agent) : nil
            // Low priority: the request that queued it answers first; delivery follows a fraction of a millisecond later.
            Task(priority: .low) { await delivery.kick(projectID: message.projectId, agentID: message.targetAgent, next: next) }
            return stored
        }
    }

    /// Runs `work` while the project's windows change on purpose, so a missing session is not taken for a dead
    /// tmux server (see ``sessionLost(projectID:)``).
    package func reshaping<T: Sendable>(_ projectID: String, _ work: () async throws -> T) async rethrows -> T {
        reshapingProjects[projectID, default: 0] += 1
        defer {
            reshapingProjects[projectID, default: 1] -= 1
            if reshapingProjects[projectID] == 0 { reshapingProjects[projectID] = nil }
        }
        return try await work()
    }

    /// Waits until every queued message that can be delivered now has been (tests).
    public func settle() async { await delivery.idle() }

    /// Stops the tmux server's clients (shutdown) and, with `killServer`, the server itself (tests).
    public func shutdown(killServer: Bool = false) async {
        if killServer { await tmux.killServer() }
    }
}
