import Foundation
import OrchestratorCore

extension ConfigurationLoader {
    /// The environment variables the server reads, and the setting each one sets.
    public static let environmentVariables: [(name: String, setting: String)] = [
        ("ORCHESTRATOR_CONFIG", "config file path"),
        ("ORCHESTRATOR_HOST", "server.host"),
        ("ORCHESTRATOR_PORT", "server.port"),
        ("ORCHESTRATOR_TLS", "server.tls"),
        ("ORCHESTRATOR_TLS_CERT_FILE", "server.tls_cert_file"),
        ("ORCHESTRATOR_TLS_KEY_FILE", "server.tls_key_file"),
        ("ORCHESTRATOR_TRUST_FORWARDED_FOR", "server.trust_forwarded_for"),
        ("ORCHESTRATOR_RESPONSE_CACHE", "server.response_cache"),
        ("ORCHESTRATOR_IDLE_TIMEOUT_SECONDS", "server.idle_timeout_seconds"),
        ("ORCHESTRATOR_DATA_DIR", "storage.data_dir"),
        ("ORCHESTRATOR_BACKUP_INTERVAL_MINUTES", "storage.backup_interval_minutes"),
        ("ORCHESTRATOR_BACKUP_KEEP", "storage.backup_keep"),
        ("ORCHESTRATOR_ADMIN_USER", "admin.username"),
        ("ORCHESTRATOR_ADMIN_PASSWORD", "admin.password"),
        ("ORCHESTRATOR_TMUX_SOCKET", "tmux.socket"),
        ("ORCHESTRATOR_WORKSPACE_ROOTS", "workspace.roots (':'-separated)"),
        ("ORCHESTRATOR_AGENT_COMMAND", "agents.default_command"),
        ("ORCHESTRATOR_AGENT_SANDBOX", "agents.sandbox (auto, bubblewrap or none)"),
        ("ORCHESTRATOR_SANDBOX_READ_ONLY", "agents.sandbox_read_only (':'-separated)"),
        ("ORCHESTRATOR_SANDBOX_PASS_ENVIRONMENT", "agents.sandbox_pass_environment (','-separated)"),
        ("ORCHESTRATOR_AGENT_HOME_TEMPLATE", "agents.home_template"),
        ("ORCHESTRATOR_LOG_LEVEL", "logging.level"),
        ("ORCHESTRATOR_LOG_FORMAT", "logging.format"),
        ("ORCHESTRATOR_BCRYPT_COST", "security.bcrypt_cost"),
        ("ORCHESTRATOR_RATE_LIMIT_PER_MINUTE", "security.rate_limit_per_minute"),
        ("ORCHESTRATOR_SECURE_COOKIES", "security.secure_cookies"),
        ("ORCHESTRATOR_METRICS_TOKEN", "monitoring.metrics_token"),
        ("ORCHESTRATOR_INTELLIGENCE_PROVIDER", "intelligence.provider"),
        ("ORCHESTRATOR_INTELLIGENCE_BASE_URL", "intelligence.base_url"),
        ("ORCHESTRATOR_INTELLIGENCE_MODEL", "intelligence.model"),
        ("ORCHESTRATOR_INTELLIGENCE_API_KEY", "intelligence.api_key"),
        ("ORCHESTRATOR_INTELLIGENCE_TIMEOUT_SECONDS", "intelligence.timeout_seconds"),
        ("ORCHESTRATOR_BATCH_MAX_CONCURRENT_PROJECTS", "batch.max_concurrent_projects"),
        ("ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS", "batch.webhook_allowed_hosts (','-separated)"),
        ("ORCHESTRATOR_VAPID_SUBJECT", "notifications.vapid_subject"),
        ("ORCHESTRATOR_PUBLIC_URL", "notifications.public_url"),
        ("ORCHESTRATOR_TELEGRAM_API_URL", "notifications.telegram_api_url"),
        ("ORCHESTRATOR_SMTP_HOST", "notifications.smtp_host"),
        ("ORCHESTRATOR_SMTP_PORT", "notifications.smtp_port"),
        ("ORCHESTRATOR_SMTP_USERNAME", "notifications.smtp_username"),
        ("ORCHESTRATOR_SMTP_PASSWORD", "notifications.smtp_password"),
        ("ORCHESTRATOR_SMTP_FROM", "notifications.smtp_from"),
        ("ORCHESTRATOR_SMTP_SECURITY", "notifications.smtp_security (starttls, tls or none)"),
        ("ORCHESTRATOR_SMTP_CA_FILE", "notifications.smtp_ca_file"),
        ("ORCHESTRATOR_AGENT_NOTICE_INTERVAL_SECONDS", "notifications.agent_notice_interval_seconds"),
    ]

    package static func applyEnvironment(_ env: [String: String], to c: inout AppConfiguration) throws {
        func string(_ name: String) -> String? {
            guard let value = env[name], !value.isEmpty else { return nil }
            return value
        }
        func int(_ name: String) throws -> Int? {
            guard let text = string(name) else { return nil }
            guard let value = Int(text) else { throw ConfigurationError.invalidValue(name: name, value: text, expected: "a whole number") }
            return value
        }
        func bool(_ name: String) throws -> Bool? {
            guard let text = string(name)?.lowercased() else { return nil }
            switch text {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw ConfigurationError.invalidValue(name: name, value: text, expected: "true or false")
            }
        }
        if let v = string("ORCHESTRATOR_HOST") { c.server.host = v }
        if let v = try int("ORCHESTRATOR_PORT") { c.server.port = v }
        if let v = try bool("ORCHESTRATOR_TLS") { c.server.tls = v }
        if let v = string("ORCHESTRATOR_TLS_CERT_FILE") { c.server.tlsCertFile = v }
        if let v = string("ORCHESTRATOR_TLS_KEY_FILE") { c.server.tlsKeyFile = v }
        if let v = try bool("ORCHESTRATOR_RESPONSE_CACHE") { c.server.responseCache = v }
        if let v = try bool("ORCHESTRATOR_TRUST_FORWARDED_FOR") { c.server.trustForwardedFor = v }
        if let text = string("ORCHESTRATOR_IDLE_TIMEOUT_SECONDS") {
            guard let v = Double(text) else {
                throw ConfigurationError.invalidValue(name: "ORCHESTRATOR_IDLE_TIMEOUT_SECONDS", value: text, expected: "a number of seconds")
            }
            c.server.idleTimeoutSeconds = v
        }
        if let v = string("ORCHESTRATOR_DATA_DIR") { c.storage.dataDir = v }
        if let text = string("ORCHESTRATOR_BACKUP_INTERVAL_MINUTES") {
            guard let v = Double(text) else {
                throw ConfigurationError.invalidValue(name: "ORCHESTRATOR_BACKUP_INTERVAL_MINUTES", value: text, expected: "a number of minutes")
            }
            c.storage.backupIntervalMinutes = v
        }
        if let v = try int("ORCHESTRATOR_BACKUP_KEEP") { c.storage.backupKeep = v }
        if let v = string("ORCHESTRATOR_ADMIN_USER") { c.admin.username = v }
        if let v = string("ORCHESTRATOR_ADMIN_PASSWORD") { c.admin.password = v }
        if let v = string("ORCHESTRATOR_TMUX_SOCKET") { c.tmux.socket = v }
        if let v = string("ORCHESTRATOR_WORKSPACE_ROOTS") {
            c.workspace.roots = v.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let v = string("ORCHESTRATOR_AGENT_COMMAND") { c.agents.defaultCommand = v }
        if let v = string("ORCHESTRATOR_AGENT_SANDBOX") { c.agents.sandbox = v.lowercased() }
        if let v = string("ORCHESTRATOR_SANDBOX_READ_ONLY") { c.agents.sandboxReadOnly = v.split(separator: ":").map(String.init).filter { !$0.isEmpty } }
        if let v = string("ORCHESTRATOR_AGENT_HOME_TEMPLATE") { c.agents.homeTemplate = v }
        if let v = string("ORCHESTRATOR_SANDBOX_PASS_ENVIRONMENT") {
            c.agents.sandboxPassEnvironment = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let v = string("ORCHESTRATOR_LOG_LEVEL") { c.logging.level = v.lowercased() }
        if let v = string("ORCHESTRATOR_LOG_FORMAT") { c.logging.format = v.lowercased() }
        if let v = try int("ORCHESTRATOR_BCRYPT_COST") { c.security.bcryptCost = v }
        if let v = try int("ORCHESTRATOR_RATE_LIMIT_PER_MINUTE") { c.security.rateLimitPerMinute = v }
        if let v = try bool("ORCHESTRATOR_SECURE_COOKIES") { c.security.secureCookies = v }
        if let v = string("ORCHESTRATOR_METRICS_TOKEN") { c.monitoring.metricsToken = v }
        if let v = string("ORCHESTRATOR_INTELLIGENCE_PROVIDER") { c.intelligence.provider = v.lowercased() }
        if let v = string("ORCHESTRATOR_INTELLIGENCE_BASE_URL") { c.intelligence.baseURL = v }
        if let v = string("ORCHESTRATOR_INTELLIGENCE_MODEL") { c.intelligence.model = v }
        if let v = string("ORCHESTRATOR_INTELLIGENCE_API_KEY") { c.intelligence.apiKey = v }
        if let v = try int("ORCHESTRATOR_BATCH_MAX_CONCURRENT_PROJECTS") { c.batch.maxConcurrentProjects = v }
        if let v = string("ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS") {
            c.batch.webhookAllowedHosts = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        }
        if let v = string("ORCHESTRATOR_VAPID_SUBJECT") { c.notifications.vapidSubject = v }
        if let v = string("ORCHESTRATOR_PUBLIC_URL") { c.notifications.publicURL = v }
        if let v = string("ORCHESTRATOR_TELEGRAM_API_URL") { c.notifications.telegramAPIURL = v }
        if let v = string("ORCHESTRATOR_SMTP_HOST") { c.notifications.smtpHost = v }
        if let v = try int("ORCHESTRATOR_SMTP_PORT") { c.notifications.smtpPort = v }
        if let v = string("ORCHESTRATOR_SMTP_USERNAME") { c.notifications.smtpUsername = v }
        if let v = string("ORCHESTRATOR_SMTP_PASSWORD") { c.notifications.smtpPassword = v }
        if let v = try int("ORCHESTRATOR_AGENT_NOTICE_INTERVAL_SECONDS") { c.notifications.agentNoticeIntervalSeconds = v }
        if let v = string("ORCHESTRATOR_SMTP_FROM") { c.notifications.smtpFrom = v }
        if let v = string("ORCHESTRATOR_SMTP_SECURITY") { c.notifications.smtpSecurity = v.lowercased() }
        if let v = string("ORCHESTRATOR_SMTP_CA_FILE") { c.notifications.smtpCAFile = v }
        if let text = string("ORCHESTRATOR_INTELLIGENCE_TIMEOUT_SECONDS") {
            guard let v = Double(text) else {
                throw ConfigurationError.invalidValue(name: "ORCHESTRATOR_INTELLIGENCE_TIMEOUT_SECONDS", value: text, expected: "a number of seconds")
            }
            c.intelligence.timeoutSeconds = v
        }
    }

    package static func validate(_ c: AppConfiguration) throws {
        func require(_ ok: Bool, _ setting: String, _ reason: String) throws {
            if !ok { throw ConfigurationError.outOfRange(setting: setting, reason: reason) }
        }
        try require((1...65535).contains(c.server.port), "server.port", "must be between 1 and 65535")
        try require(!c.server.host.isEmpty, "server.host", "must not be empty")
        try require(c.server.idleTimeoutSeconds >= 1 && c.server.idleTimeoutSeconds <= 3600, "server.idle_timeout_seconds", "must be from 1 to 3600")
        try require(IntelligenceSettings.providers.contains(c.intelligence.provider), "intelligence.provider",
            "must be one of \(IntelligenceSettings.providers.joined(separator: ", "))")
        try require(c.intelligence.provider == "heuristic" || c.intelligence.baseURL != nil || c.intelligence.provider == "anthropic",
            "intelligence.base_url", "is required for the openai provider")
        try require((1...20).contains(c.batch.maxConcurrentProjects), "batch.max_concurrent_projects", "must be from 1 to 20")
        try require(c.intelligence.timeoutSeconds > 0 && c.intelligence.timeoutSeconds <= 600, "intelligence.timeout_seconds", "must be between 0 and 600")
        try require((4...31).contains(c.security.bcryptCost), "security.bcrypt_cost", "must be between 4 and 31")
        try require(c.security.accessTokenTTLSeconds > 0, "security.access_token_ttl_seconds", "must be positive")
        try require(c.security.refreshTokenTTLSeconds > 0, "security.refresh_token_ttl_seconds", "must be positive")
        try require(c.security.rateLimitPerMinute > 0, "security.rate_limit_per_minute", "must be positive")
        try require(c.security.loginAttemptsPerMinute > 0, "security.login_attempts_per_minute", "must be positive")
        try require(c.security.loginFailuresPerUsername > 0, "security.login_failures_per_username", "must be positive")
        try require(c.security.loginFailureWindowSeconds > 0, "security.login_failure_window_seconds", "must be positive")
        try require(!c.storage.dataDir.isEmpty, "storage.data_dir", "must not be empty")
        try require(c.storage.backupIntervalMinutes >= 0 && c.storage.backupIntervalMinutes <= 525_600, "storage.backup_interval_minutes",
            "must be from 0 (off) to 525600")
        try require((1...1000).contains(c.storage.backupKeep), "storage.backup_keep", "must be from 1 to 1000")
        let n = c.notifications
        try require(n.vapidSubject.hasPrefix("mailto:") || n.vapidSubject.hasPrefix("https://"), "notifications.vapid_subject", "must start with mailto: or https://")
        try require(n.publicURL.map { $0.hasPrefix("http://") || $0.hasPrefix("https://") } ?? true, "notifications.public_url", "must be an http(s) URL")
        try require(n.telegramAPIURL.hasPrefix("http://") || n.telegramAPIURL.hasPrefix("https://"), "notifications.telegram_api_url", "must be an http(s) URL")
        try require((1...65535).contains(n.smtpPort), "notifications.smtp_port", "must be between 1 and 65535")
        try require((0...86_400).contains(n.agentNoticeIntervalSeconds), "notifications.agent_notice_interval_seconds", "must be from 0 to 86400")
        try require(NotificationSettings.smtpSecurities.contains(n.smtpSecurity), "notifications.smtp_security", "must be starttls, tls or none")
        try require(n.smtpHost == nil || n.smtpFrom != nil, "notifications.smtp_from", "is required with notifications.smtp_host (the sender address)")
        try require((n.smtpUsername == nil) == (n.smtpPassword == nil), "notifications.smtp_password", "goes with notifications.smtp_username")
        try require((c.server.tlsCertFile == nil) == (c.server.tlsKeyFile == nil), c.server.tlsCertFile == nil ? "server.tls_cert_file" : "server.tls_key_file",
            "is needed too: HTTPS takes both server.tls_cert_file and server.tls_key_file")
        try require(
            ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(c.logging.level),
            "logging.level", "must be one of trace, debug, info, notice, warning, error, critical")
        try require(["text", "json"].contains(c.logging.format), "logging.format", "must be text or json")
        try require(["auto", "bubblewrap", "none"].contains(c.agents.sandbox), "agents.sandbox", "must be auto, bubblewrap or none")
        try require(
            !c.tmux.socket.isEmpty && !c.tmux.socket.contains("/"), "tmux.socket", "must be a plain name (no '/')")
        for profile in c.agents.profiles {
            let invalid = AgentStatusClassifier.invalidPatterns(in: profile)
            try require(invalid.isEmpty, "agents.profiles[\(profile.name)]", "has patterns that are not valid regular expressions: \(invalid.joined(separator: ", "))")
        }
        if let password = c.admin.password {
            try require(password.count >= 8, "admin.password", "must be at least 8 characters")
        }
    }
}
