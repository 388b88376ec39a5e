/// A checked mail address, with the display name it was given with (`Name <local@domain>`). Only a single plain
/// ASCII address is taken: `local@domain`, at most 254 bytes, no spaces, quotes, angle brackets, commas or other
/// characters that could turn one address into several, or a line into a command.
struct SMTPMailbox: Sendable, Equatable {
    /// `local@domain`, as it goes into `MAIL FROM:<…>`, `RCPT TO:<…>` and the headers.
    let address: String
    /// The name shown beside the address, if any.
    let displayName: String?

    /// Characters besides letters and digits allowed in the local part (RFC 5322 `atext`, and the dot between atoms).
    private static let localSymbols = Set("!#$%&'*+-/=?^_`{|}~.".unicodeScalars)

    /// Checks `text`, which is either `local@domain` or, when `allowsDisplayName`, `Name <local@domain>`.
    /// `role` names the field ("recipient", "sender") in the error.
    init(_ text: String, role: String, allowsDisplayName: Bool) throws {
        if let problem = SMTPMailbox.controlCharacterProblem(in: text) { throw SMTPError("the \(role) \(problem)") }
        let trimmed = text.trimmingSpaces
        if allowsDisplayName, trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = String(trimmed[..<open]).trimmingSpaces
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            try self.init(address: address, displayName: name.isEmpty ? nil : name, role: role)
        } else {
            try self.init(address: trimmed, displayName: nil, role: role)
        }
    }

    private init(address: String, displayName: String?, role: String) throws {
        if let problem = SMTPMailbox.problem(with: address) {
            throw SMTPError("the \(role) \(String(reflecting: String(address.prefix(100)))) is not a single plain address: \(problem)")
        }
        self.address = address
        self.displayName = displayName
    }

    /// The mail domain (after the `@`).
    var domain: String { String(address[address.index(after: address.lastIndex(of: "@") ?? address.startIndex)...]) }

    /// The `From:`/`To:` header value: the address, after the display name when there is one (quoted, or an RFC 2047
    /// encoded word when it is not plain ASCII).
    var headerValue: String {
        guard let displayName else { return address }
        return MailHeaderEncoding.phrase(displayName) + " <" + address + ">"
    }

    /// Why `text` is refused for carrying a line break or NUL (the way to smuggle in a header or a command), or nil.
    static func controlCharacterProblem(in text: String) -> String? {
        text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" } ? "contains a line break or NUL" : nil
    }

    /// Why `address` is not one plain `local@domain` address, or nil.
    static func problem(with address: String) -> String? {
        guard !address.isEmpty else { return "it is empty" }
        guard address.utf8.count <= 254 else { return "it is longer than 254 bytes" }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "it must have exactly one @" }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64 else { return "the part before @ must be 1 to 64 characters" }
        guard local.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || localSymbols.contains($0) }) else {
            return "the part before @ may hold only letters, digits and !#$%&'*+-/=?^_`{|}~."
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return "misplaced dot before @" }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard !domain.isEmpty,
            labels.allSatisfy({ label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" }
            })
        else { return "the domain must be letters, digits, hyphens and dots" }
        return nil
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
