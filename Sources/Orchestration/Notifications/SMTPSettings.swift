/// How the server reaches its mail server.
package struct SMTPSettings: Sendable, Equatable {
    /// How the connection to the mail server is protected.
    package enum Security: String, Sendable, Equatable, CaseIterable {
        /// Plain TCP, upgraded with STARTTLS before anything else is sent; a server that does not offer STARTTLS is refused.
        case starttls
        /// TLS from the first byte (usually port 465).
        case tls
        /// No encryption. Credentials are then sent only to a loopback host.
        case none
    }

    /// The mail server's host name or IP address; TLS certificates are checked against it.
    package var host: String
    /// The mail server's port (587 for STARTTLS, 465 for TLS, 25 for plain are the usual ones).
    package var port: Int
    /// The user to log in as (AUTH PLAIN, or LOGIN when only LOGIN is offered); nil sends without logging in.
    package var username: String?
    /// The password for `username`.
    package var password: String?
    /// The sender: the envelope address and the `From:` header, e.g. `orchestrator@example.com` or
    /// `Orchestrator <orchestrator@example.com>`.
    package var from: String
    /// How the connection is protected.
    package var security: Security
    /// A PEM file of the certificates to trust instead of the system's roots (for a private CA or a self-signed
    /// certificate); nil trusts the system's roots.
    package var caFile: String?

    /// Settings for one mail server.
    package init(
        host: String, port: Int, username: String?, password: String?, from: String, security: Security, caFile: String?
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.from = from
        self.security = security
        self.caFile = caFile
    }
}
