import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Which webhook URLs a batch may call: http(s) to a public address, or to a host listed in
/// `batch.webhook_allowed_hosts` (`ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS`). Loopback, private, link-local and
/// carrier-grade NAT addresses are refused unless their host is listed, so a batch cannot be used to reach
/// services inside the network.
package struct WebhookPolicy: Sendable {
    let allowedHosts: Set<String>

    package init(allowedHosts: [String]) { self.allowedHosts = Set(allowedHosts.map { $0.lowercased() }) }

    /// Why `text` may not be called, or nil when it may.
    package func problem(with text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased(), !host.isEmpty
        else { return "must be an http or https URL" }
        guard url.user == nil, url.password == nil else { return "must not carry a user name or password" }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if allowedHosts.contains(bare) { return nil }
        let addresses = Self.resolve(bare)
        if addresses.isEmpty { return "host \(bare) does not resolve" }
        if let inner = addresses.first(where: Self.isInternal) {
            return "host \(bare) is an internal address (\(inner)); list it in ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS to allow it"
        }
        return nil
    }

    /// The addresses a host name resolves to (or the address itself), as text.
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

    /// Loopback, private, link-local, unspecified or carrier-grade NAT (IPv4, IPv6, and IPv4 mapped into IPv6).
    static func isInternal(_ address: String) -> Bool {
        var text = address.lowercased()
        if let percent = text.firstIndex(of: "%") { text = String(text[..<percent]) }
        if text.hasPrefix("::ffff:") { text = String(text.dropFirst(7)) }
        let parts = text.split(separator: ".").compactMap { Int($0) }
        if parts.count == 4 {
            let (a, b) = (parts[0], parts[1])
            return a == 10 || a == 127 || a == 0 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
                || (a == 169 && b == 254) || (a == 100 && (64...127).contains(b))
        }
        return text == "::1" || text == "::" || text.hasPrefix("fc") || text.hasPrefix("fd") || text.hasPrefix("fe8") || text.hasPrefix("fe9")
            || text.hasPrefix("fea") || text.hasPrefix("feb")
    }
}
