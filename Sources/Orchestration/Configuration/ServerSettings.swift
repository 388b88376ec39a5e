/// Where the server listens and how it sees its own transport.
public struct ServerSettings: Codable, Sendable, Equatable {
    /// Interface to bind, `127.0.0.1` by default so nothing is exposed by accident.
    public var host = "127.0.0.1"
    /// TCP port.
    public var port = 8000
    /// Set when clients reach the server over HTTPS (directly or through a proxy):
    /// cookies get `Secure` and responses carry HSTS.
    public var tls = false
    /// PEM certificate chain: with ``tlsKeyFile`` the server itself speaks HTTPS and WSS (and ``tls`` is on).
    public var tlsCertFile: String?
    /// PEM private key for ``tlsCertFile``.
    public var tlsKeyFile: String?
    /// Trust the first address of `X-Forwarded-For` as the client address (only behind your own proxy).
    public var trustForwardedFor = false
    /// Polled reads answer from their cached bytes (and `304` for a current `If-None-Match`) while nothing they show
    /// changed; off, every answer is built anew (for measuring that path).
    public var responseCache = true
    /// A connection that sends and receives nothing this long (an idle keep-alive, a request whose headers never
    /// finish) is closed.
    public var idleTimeoutSeconds = 60.0

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case host, port, tls
        case tlsCertFile = "tls_cert_file"
        case tlsKeyFile = "tls_key_file"
        case trustForwardedFor = "trust_forwarded_for"
        case responseCache = "response_cache"
        case idleTimeoutSeconds = "idle_timeout_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        host = try c.value(.host, or: d.host)
        port = try c.value(.port, or: d.port)
        tls = try c.value(.tls, or: d.tls)
        tlsCertFile = try c.decodeIfPresent(String.self, forKey: .tlsCertFile)
        tlsKeyFile = try c.decodeIfPresent(String.self, forKey: .tlsKeyFile)
        trustForwardedFor = try c.value(.trustForwardedFor, or: d.trustForwardedFor)
        responseCache = try c.value(.responseCache, or: d.responseCache)
        idleTimeoutSeconds = try c.value(.idleTimeoutSeconds, or: d.idleTimeoutSeconds)
    }
}
