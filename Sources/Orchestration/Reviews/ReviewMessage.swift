/// The message a review reaches its agent as, in a fixed Markdown shape a program can read back:
///
///     ## Review (2 comments)
///
///     <summary>
///
///     ### 1. `Sources/App.swift` line 12 (new)
///
///     ```
///     let x = 1
///     ```
///
///     <comment>
///
/// then a closing line telling the agent what to do. The message asks for an answer: `orchestrator reply` ties the
/// agent's answer to it (and its delivery to an agent program adds the exact `--to <id>` line).
package enum ReviewMessage {
    /// The Markdown for `comments` (with their code lines filled in) from `author`.
    package static func text(author: String, summary: String?, comments: [ReviewComment]) -> String {
        var lines = ["## Review (\(comments.count) comment\(comments.count == 1 ? "" : "s"))", ""]
        lines.append("From \(author).")
        if let summary, !summary.isEmpty { lines += ["", summary] }
        for (index, comment) in comments.enumerated() {
            lines += ["", "### \(index + 1). `\(comment.path)` line \(comment.line) (\(comment.side))", ""]
            let code = comment.code ?? ""
            let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: code) + 1))
            lines += [fence, code, fence, "", comment.body]
        }
        lines += ["", "---", "Change the code as these comments ask, commit, then say what you did with `orchestrator reply`."]
        return lines.joined(separator: "\n")
    }

    /// The longest run of backticks in `text`, so the code fence around it is longer.
    static func longestBacktickRun(in text: String) -> Int {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
