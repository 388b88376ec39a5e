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
        switch check(text) {
        case .refused(let reason): reason
        case .allowed: nil
        }
    }

    /// What a check decided: refused with the reason, or allowed with the address to connect to (the one checked,
    /// so that no second lookup can lead elsewhere; nil for a listed host, which is looked up as usual).
    package enum Decision: Equatable {
        case refused(String)
        case allowed(address: String?)
    }

    /// Checks `text` and picks the address to connect to.
    package func check(_ text: String) -> Decision {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased(), !host.isEmpty
        else { return .refused("must be an http or https URL") }
        guard url.user == nil, url.password == nil else { return .refused("must not carry a user name or password") }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if allowedHosts.contains(bare) { return .allowed(address: nil) }
        let addresses = Self.resolve(bare)
        guard let first = addresses.first else { return .refused("host \(bare) does not resolve") }
        if let inner = addresses.first(where: Self.isInternal) {
            return .refused("host \(bare) is an internal address (\(inner)); list it in ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS to allow it")
        }
        return .allowed(address: first)
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

    /// Loopback, private, link-local, unspecified, carrier-grade NAT, documentation, benchmarking, multicast and
    /// reserved ranges (IPv4, IPv6, and IPv4 written inside IPv6: `::ffff:a.b.c.d`, `::a.b.c.d`).
    static func isInternal(_ address: String) -> Bool {
        var text = address.lowercased()
        if let percent = text.firstIndex(of: "%") { text = String(text[..<percent]) }
        if text.hasPrefix("::ffff:") { text = String(text.dropFirst(7)) }
        if text.hasPrefix("::"), text.contains(".") { text = String(text.dropFirst(2)) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { Int($0) }
        if parts.count == 4 {
            let (a, b, c) = (parts[0], parts[1], parts[2])
            return a == 10 || a == 127 || a == 0 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
                || (a == 169 && b == 254) || (a == 100 && (64...127).contains(b))
                || (a == 192 && b == 0 && (c == 0 || c == 2)) || (a == 198 && (b == 18 || b == 19)) || (a == 198 && b == 51 && c == 100)
                || (a == 203 && b == 0 && c == 113) || a >= 224
        }
        guard text.contains(":") else { return true }
        let first = text.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let group = Int(first.isEmpty ? "0" : first, radix: 16) ?? 0
        // ::, ::1, fc00::/7 (unique local), fe80::/10 (link-local), fec0::/10 (site-local), ff00::/8 (multicast),
        // 2001:db8::/32 (documentation), 64:ff9b::/96 (NAT64, may lead to any IPv4 address).
        return text == "::1" || text == "::" || (group & 0xfe00) == 0xfc00 || (group & 0xffc0) == 0xfe80 || (group & 0xffc0) == 0xfec0
            || (group & 0xff00) == 0xff00 || text.hasPrefix("2001:db8:") || text.hasPrefix("64:ff9b:")
    }
}
