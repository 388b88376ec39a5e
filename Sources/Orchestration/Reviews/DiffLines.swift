/// The lines a unified diff shows, by side and line number: what a review comment may point at.
package struct DiffLines: Sendable {
    /// New-side lines (context and added) by their number in the agent's version.
    package private(set) var new: [Int: String] = [:]
    /// Old-side lines (context and removed) by their number in the base's version.
    package private(set) var old: [Int: String] = [:]

    /// Reads the hunks of one file's patch (`@@ -a,b +c,d @@` headers and the lines after them).
    package init(patch: String) {
        var oldLine = 0, newLine = 0, inHunk = false
        for raw in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            if raw.hasPrefix("@@") {
                guard let header = Self.hunkStarts(String(raw)) else {
                    inHunk = false
                    continue
                }
                (oldLine, newLine, inHunk) = (header.old, header.new, true)
                continue
            }
            guard inHunk, let marker = raw.first else { continue }
            let text = String(raw.dropFirst())
            switch marker {
            case " ":
                old[oldLine] = text
                new[newLine] = text
                oldLine += 1
                newLine += 1
            case "+":
                new[newLine] = text
                newLine += 1
            case "-":
                old[oldLine] = text
                oldLine += 1
            case "\\":
                continue  // "\ No newline at end of file"
            default:
                inHunk = false
            }
        }
    }

    /// The line `number` on `side` (`new` or `old`), if the diff shows it.
    package func line(_ number: Int, side: String) -> String? {
        side == "old" ? old[number] : new[number]
    }

    /// The old and new start lines of a hunk header `@@ -12,3 +14,5 @@ …`.
    static func hunkStarts(_ header: String) -> (old: Int, new: Int)? {
        let parts = header.split(separator: " ")
        guard parts.count >= 3, parts[1].hasPrefix("-"), parts[2].hasPrefix("+"),
            let old = Int(parts[1].dropFirst().split(separator: ",").first ?? ""),
            let new = Int(parts[2].dropFirst().split(separator: ",").first ?? "")
        else { return nil }
        return (old, new)
    }
}
