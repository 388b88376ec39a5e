/// How notices reach people: the Web Push contact, the dashboard's address in links, Telegram's API, and the mail
/// server e-mail channels send through.
public struct NotificationSettings: Codable, Sendable, Equatable {
    /// The contact push services may use (`mailto:` or `https:`), in the VAPID claim.
    public var vapidSubject = "mailto:orchestrator@localhost"
    /// The dashboard's address as people reach it (links in notices); nil: the server's own address.
    public var publicURL: String?
    /// Telegram's Bot API.
    public var telegramAPIURL = "https://api.telegram.org"
    /// The mail server; nil: no e-mail channels.
    public var smtpHost: String?
    public var smtpPort = 587
    public var smtpUsername: String?
    public var smtpPassword: String?
    /// The sender address (`orchestrator@example.com` or `Name <orchestrator@example.com>`).
    public var smtpFrom: String?
    /// `starttls` (default), `tls` (implicit, port 465) or `none` (only for a mail server on this machine or a trusted
    /// network; credentials are never sent over it to another host).
    public var smtpSecurity = "starttls"
    /// The certificates (PEM) to trust for the mail server instead of the system's roots (a private CA, a self-signed one).
    public var smtpCAFile: String?
    /// Least time between two notices of one agent waiting: a newer question asked within it replaces the older one,
    /// sent when the interval is over (if the agent still waits).
    public var agentNoticeIntervalSeconds = 60

    /// The kinds of connection security there are.
    public static let smtpSecurities = ["starttls", "tls", "none"]

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case vapidSubject = "vapid_subject"
        case publicURL = "public_url"
        case telegramAPIURL = "telegram_api_url"
        case smtpHost = "smtp_host"
        case smtpPort = "smtp_port"
        case smtpUsername = "smtp_username"
        case smtpPassword = "smtp_password"
        case smtpFrom = "smtp_from"
        case smtpSecurity = "smtp_security"
        case smtpCAFile = "smtp_ca_file"
        case agentNoticeIntervalSeconds = "agent_notice_interval_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        vapidSubject = try c.decodeIfPresent(String.self, forKey: .vapidSubject) ?? d.vapidSubject
        publicURL = try c.decodeIfPresent(String.self, forKey: .publicURL)
        telegramAPIURL = try c.decodeIfPresent(String.self, forKey: .telegramAPIURL) ?? d.telegramAPIURL
        smtpHost = try c.decodeIfPresent(String.self, forKey: .smtpHost)
        smtpPort = try c.decodeIfPresent(Int.self, forKey: .smtpPort) ?? d.smtpPort
        smtpUsername = try c.decodeIfPresent(String.self, forKey: .smtpUsername)
        smtpPassword = try c.decodeIfPresent(String.self, forKey: .smtpPassword)
        smtpFrom = try c.decodeIfPresent(String.self, forKey: .smtpFrom)
        smtpSecurity = try c.decodeIfPresent(String.self, forKey: .smtpSecurity) ?? d.smtpSecurity
        smtpCAFile = try c.decodeIfPresent(String.self, forKey: .smtpCAFile)
        agentNoticeIntervalSeconds = try c.decodeIfPresent(Int.self, forKey: .agentNoticeIntervalSeconds) ?? d.agentNoticeIntervalSeconds
    }
}
