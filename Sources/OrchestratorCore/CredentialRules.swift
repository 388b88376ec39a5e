import Foundation

/// The rules for usernames, passwords and key names, shared by the API, the pages and the CLI.
public enum CredentialRules {
    /// Shortest password accepted.
    public static let minimumPasswordLength = 8
    /// Longest password accepted (bcrypt reads at most 72 bytes).
    public static let maximumPasswordBytes = 72

    /// Why `username` is unacceptable, or nil when it is fine:
    /// 1–64 characters of letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    public static func usernameProblem(_ username: String) -> String? {
        if username.isEmpty { return "must not be empty" }
        if username.count > 64 { return "must be at most 64 characters" }
        let allowed = username.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
        }
        if !allowed { return "may contain only letters, digits, '.', '_' and '-'" }
        if let first = username.unicodeScalars.first, ".-_".unicodeScalars.contains(first) {
            return "must start with a letter or digit"
        }
        return nil
    }

    /// Why `password` is unacceptable, or nil when it is fine.
    public static func passwordProblem(_ password: String) -> String? {
        // bcrypt stops at the first NUL byte, so control characters would silently shorten the password.
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "must not contain control characters"
        }
        if password.count < minimumPasswordLength { return "must be at least \(minimumPasswordLength) characters" }
        if password.utf8.count > maximumPasswordBytes { return "must be at most \(maximumPasswordBytes) bytes" }
        return nil
    }

    /// Why an API key name is unacceptable, or nil when it is fine: 1–100 printable characters.
    public static func keyNameProblem(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "must not be empty" }
        if trimmed.count > 100 { return "must be at most 100 characters" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "must not contain control characters"
        }
        return nil
    }
}
