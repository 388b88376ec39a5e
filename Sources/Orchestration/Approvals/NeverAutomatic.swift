import Foundation

/// The questions no rule may answer: they always go to a person. Deleting with `rm -r` outside the worktree,
/// force-pushing, piping a download into a shell, `sudo`, touching paths outside the worktree, and reading secrets.
package enum NeverAutomatic {
    private static let patterns: [(String, String)] = [
        (#"\bgit\b[^\n;&|]*\bpush\b[^\n;&|]*(--force\b|--force-with-lease\b|\s-[a-zA-Z]*f\b|\s\+\S)"#, "force-pushing"),
        (#"\b(curl|wget|fetch)\b[^\n;]*\|\s*(sudo\s+)?(env\s+)?(ba|z|da|k|fi)?sh\b"#, "piping a download into a shell"),
        (#"\b(curl|wget)\b[^\n;]*\|\s*(sudo\s+)?(python3?|perl|ruby|node)\b"#, "piping a download into an interpreter"),
        (#"(^|[\s;&|(`])(sudo|doas|pkexec)\b"#, "running as root"),
        (#"(^|[\s;&|(`])su(\s|$)"#, "switching user"),
        (#"(~|\$HOME|\$\{HOME\})/\.(ssh|gnupg|aws|azure|kube|docker|config/gcloud)\b"#, "reading secrets"),
        (#"(^|[\s/'"])(id_rsa|id_ed25519|id_ecdsa|id_dsa)\b"#, "reading secrets"),
        (#"(^|[\s/'"])\.(netrc|pgpass|npmrc|pypirc|git-credentials)\b"#, "reading secrets"),
        (#"/etc/(shadow|sudoers|gshadow)\b"#, "reading secrets"),
        (#"(^|[\s/'"])\.env(\.[A-Za-z0-9_-]+)?($|[\s'"])"#, "reading secrets"),
    ]

    private static let compiled: [(NSRegularExpression, String)] = patterns.compactMap { pattern, reason in
        (try? NSRegularExpression(pattern: pattern)).map { ($0, reason) }
    }

    /// Folders outside a worktree that commands may name without it being a reach outside: programs and the void.
    private static let harmless = ["/dev/null", "/dev/stdout", "/dev/stderr", "/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/", "/opt/homebrew/"]

    /// Why `question` must go to a person whatever the rules say, or nil.
    package static func reason(for question: ApprovalQuestion) -> String? {
        let text = question.subject
        let range = NSRange(text.startIndex..., in: text)
        for (expression, reason) in compiled where expression.firstMatch(in: text, range: range) != nil { return reason }
        if let path = outsidePath(in: text, worktree: question.worktree) { return "a path outside the worktree (\(path))" }
        if recursiveRemovalOutside(text, worktree: question.worktree) { return "deleting outside the worktree" }
        return nil
    }

    /// The first absolute, home-relative or escaping path in `text` that lies outside `worktree`.
    static func outsidePath(in text: String, worktree: String) -> String? {
        let root = URL(fileURLWithPath: worktree).standardizedFileURL.path
        for token in tokens(text) {
            var candidate = token
            if candidate.hasPrefix("~") || candidate.hasPrefix("$HOME") || candidate.hasPrefix("${HOME}") { return token }
            if let equals = candidate.firstIndex(of: "="), candidate.hasPrefix("-") { candidate = String(candidate[candidate.index(after: equals)...]) }
            if candidate.hasPrefix("/") {
                if harmless.contains(where: { candidate == $0 || candidate.hasPrefix($0) }) { continue }
                let path = URL(fileURLWithPath: candidate).standardizedFileURL.path
                if path != root && !path.hasPrefix(root + "/") { return token }
            } else if candidate.split(separator: "/").contains("..") {
                let path = URL(fileURLWithPath: root + "/" + candidate).standardizedFileURL.path
                if path != root && !path.hasPrefix(root + "/") { return token }
            }
        }
        return nil
    }

    /// Whether `text` runs `rm` recursively on the worktree itself, `/`, `*` at a root or anything above it.
    static func recursiveRemovalOutside(_ text: String, worktree: String) -> Bool {
        let words = tokens(text)
        for (index, word) in words.enumerated() where word == "rm" || word.hasSuffix("/rm") {
            let arguments = words[(index + 1)...].prefix { !([";", "&&", "||", "|", "&"].contains($0)) }
            let recursive = arguments.contains { $0.hasPrefix("-") && !$0.hasPrefix("--") && ($0.contains("r") || $0.contains("R")) }
                || arguments.contains("--recursive")
            guard recursive else { continue }
            let targets = arguments.filter { !$0.hasPrefix("-") }
            if targets.contains(where: { $0 == "/" || $0 == "." || $0 == "*" || $0 == "/*" || $0 == ".." || $0 == worktree }) { return true }
        }
        return false
    }

    /// Words of a command, split on whitespace with quotes removed (enough for telling paths apart).
    static func tokens(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace }).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"`(),;")) }.filter { !$0.isEmpty }
    }
}
