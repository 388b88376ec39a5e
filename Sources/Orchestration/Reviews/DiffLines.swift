/// The lines a unified diff shows, by side and line number: what a review comment may point at.
package struct DiffLines: Sendable {
    /// New-side lines (context and added) by their number in the agent's version.
    package private(set) var new: [Int: String] = [:]
    /// Old-side lines (context and removed) by their number in the base's version.
    package private(set) var old: [Int: String] = [:]

    /// One line of a patch as shown, with its numbers when it sits inside a hunk.
    package struct Row: Sendable, Equatable {
        package enum Kind: String, Sendable {
            /// `diff --git`, `index`, `---`, `+++`, mode and binary lines: anything outside a hunk.
            case meta
            /// A `@@ -a,b +c,d @@` header.
            case hunk
            /// A line the agent added (new side only).
            case add
            /// A line the agent removed (old side only).
            case del
            /// An unchanged line (both sides), or `\ No newline at end of file`.
            case ctx
        }

        /// The line as the patch has it, marker included.
        package var text: String
        package var kind: Kind
        /// Its number in the base's version (context and removed lines).
        package var old: Int?
        /// Its number in the agent's version (context and added lines).
        package var new: Int?

        /// The side a comment on this line points at: `new` for context and added lines, `old` for removed ones.
        package var side: String? {
            switch kind {
            case .add, .ctx: new == nil ? nil : "new"
            case .del: old == nil ? nil : "old"
            case .meta, .hunk: nil
            }
        }

        /// The number a comment on this line gives, on ``side``.
        package var number: Int? { side == "old" ? old : side == "new" ? new : nil }

        /// The line without its marker: the code.
        package var code: String { String(text.dropFirst()) }
    }

    /// Reads the hunks of one file's patch (`@@ -a,b +c,d @@` headers and the lines after them).
    package init(patch: String) {
        for row in Self.rows(patch: patch) {
            if let number = row.old { old[number] = row.code }
            if let number = row.new { new[number] = row.code }
        }
    }

    /// The line `number` on `side` (`new` or `old`), if the diff shows it.
    package func line(_ number: Int, side: String) -> String? {
        side == "old" ? old[number] : new[number]
    }

    /// Every line of one file's patch, marked and numbered: lines after a `@@` header are numbered from its start
    /// lines on their sides until a line that is not part of a hunk.
    package static func rows(patch: String) -> [Row] {
        var rows: [Row] = []
        var oldLine = 0, newLine = 0, inHunk = false
        for raw in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = String(raw)
            if raw.hasPrefix("@@") {
                if let header = Self.hunkStarts(text) {
                    (oldLine, newLine, inHunk) = (header.old, header.new, true)
                    rows.append(Row(text: text, kind: .hunk))
                } else {
                    inHunk = false
                    rows.append(Row(text: text, kind: .meta))
                }
                continue
            }
            guard inHunk, let marker = raw.first else {
                rows.append(Row(text: text, kind: raw.isEmpty ? .ctx : .meta))
                continue
            }
            switch marker {
            case " ":
                rows.append(Row(text: text, kind: .ctx, old: oldLine, new: newLine))
                oldLine += 1
                newLine += 1
            case "+":
                rows.append(Row(text: text, kind: .add, new: newLine))
                newLine += 1
            case "-":
                rows.append(Row(text: text, kind: .del, old: oldLine))
                oldLine += 1
            case "\\":
                rows.append(Row(text: text, kind: .ctx))  // "\ No newline at end of file"
            default:
                inHunk = false
                rows.append(Row(text: text, kind: .meta))
            }
        }
        return rows
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
