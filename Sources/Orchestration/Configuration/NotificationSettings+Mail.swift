extension NotificationSettings {
    /// The mail server as the SMTP client takes it; nil when none is set up.
    package var mail: SMTPSettings? {
        guard let host = smtpHost, let from = smtpFrom else { return nil }
        return SMTPSettings(
            host: host, port: smtpPort, username: smtpUsername, password: smtpPassword, from: from,
            security: SMTPSettings.Security(rawValue: smtpSecurity) ?? .starttls, caFile: smtpCAFile)
    }
}
