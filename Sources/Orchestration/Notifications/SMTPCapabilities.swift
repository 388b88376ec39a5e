/// What a mail server said it can do in its EHLO reply (RFC 5321 §4.1.1.1): STARTTLS, 8BITMIME, and its AUTH
/// mechanisms. A server answering only HELO offers nothing.
struct SMTPCapabilities: Sendable, Equatable {
    var startTLS = false
    var eightBitMIME = false
    /// The AUTH mechanisms offered, upper-cased (`PLAIN`, `LOGIN`, …).
    var authMechanisms: [String] = []

    /// Nothing offered (the answer to HELO).
    init() {}

    /// Reads the lines after the first of an EHLO reply; also takes the old `AUTH=…` form.
    init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "8BITMIME": eightBitMIME = true
            case "AUTH": authMechanisms += words.dropFirst()
            default:
                if keyword.hasPrefix("AUTH=") { authMechanisms += [String(keyword.dropFirst(5))] + words.dropFirst() }
            }
        }
        var seen = Set<String>()
        authMechanisms = authMechanisms.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
