import Foundation

/// Reads the question and its answers off an agent's screen.
///
/// Knows the shapes agents use: numbered menus (Claude Code `❯ 1. Yes` / `2. No, and tell Claude what to do
/// differently`, Gemini CLI `● 1. Allow once`, Codex `› 1. Yes, proceed`), options with a key in parentheses
/// (Codex `Yes (y)`, `yes (y) / no (n)`), aider's `(Y)es/(N)o/(A)ll [Yes]:`, and inline `(y/n)`, `[y/N]`,
/// `[Y/n]`, `(yes/no)`. Only the bottom of the screen counts: an answered question higher up is history.
public enum PromptParser {
    /// Non-empty lines at the bottom of the screen searched for a question.
    static let windowLines = 18

    /// The question on `screen`, or nil when none is recognised.
    /// - Parameter screen: plain screen text (escape sequences removed).
    public static func parse(_ screen: String) -> AgentPrompt? {
        let lines = screen.split(whereSeparator: \.isNewline).map { clean(String($0)) }.filter { !$0.isEmpty }
        let window = Array(lines.suffix(windowLines))
        let found = letterChoices(window) ?? numberedMenu(window) ?? keyedOptions(window) ?? bracketKeys(window) ?? buttonRow(window)
            ?? inlineYesNo(window) ?? letterKeys(window) ?? pressToContinue(window) ?? yesNoQuestion(window)
        guard var prompt = found else { return nil }
        prompt.context = context(above: prompt.text, in: screen)
        return prompt
    }

    /// Lines of context kept above a question.
    static let contextLines = 8

    /// What the screen shows right above the question (Claude's `Bash command` box, `I want to run: …`, a diff):
    /// up to ``contextLines`` lines, box borders removed, stopping at a rule, a box's top or a blank gap of two
    /// lines; nil when there is nothing.
    static func context(above question: String, in screen: String) -> String? {
        let raw = screen.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        let lines = raw.map(clean)
        let firstLine = question.split(whereSeparator: \.isNewline).first.map(String.init) ?? question
        guard !firstLine.isEmpty, let at = lines.lastIndex(where: { $0.contains(firstLine) || (!$0.isEmpty && firstLine.contains($0)) }) else {
            return nil
        }
        var taken: [String] = []
        var blanks = 0
        for (line, original) in zip(lines[..<at], raw[..<at]).reversed() {
            // A border or rule line (all of it trimmed away by `clean`) ends the context.
            if line.isEmpty, !original.trimmingCharacters(in: .whitespaces).isEmpty, !original.contains("│") { break }
            if line.isEmpty {
                blanks += 1
                if blanks >= 2, !taken.isEmpty { break }
                continue
            }
            if isRule(line) { break }
            blanks = 0
            taken.append(line)
            if taken.count == contextLines { break }
        }
        let text = taken.reversed().joined(separator: "\n")
        return text.isEmpty ? nil : text
    }

    /// A line made only of rule or border characters.
    private static func isRule(_ line: String) -> Bool {
        line.unicodeScalars.allSatisfy { "─━═╭╮╰╯┌┐└┘-=_ ".unicodeScalars.contains($0) }
    }

    // MARK: shapes


    private static let numbered = regex(#"^(?:[❯›>▶▸●○•*→]\s*)?\[?(\d{1,2})[.)\]]\s+(.+?)$"#)
    private static let keyed = regex(
        #"^(?:[❯›>▶▸●○•*→]\s*)?(.+?)\s+\(([a-z0-9]|esc|tab|shift\+tab|enter)(?:\s+or\s+[a-z]+)*\)(?:\s*\([^)]*\))?$"#, caseInsensitive: true)
    private static let bracketKey = regex(#"\[([a-z0-9])\]\s+([^\[]+?)(?=\s{2,}\[|\s*$)"#, caseInsensitive: true)
    private static let ownKey = regex(#"^(.+?)\s+\(([a-z]|esc)\)$"#, caseInsensitive: true)
    private static let letters = regex(#"\(([A-Za-z])\)([A-Za-z' ]*)"#)
    private static let inline = regex(
        #"[\(\[]\s*\[?(y|yes)\]?\s*/\s*\[?(n|no)\]?\s*[\)\]]|yes \(y\) */ *no \(n\)"#, caseInsensitive: true)
    private static let spelledOut = regex(#"\byes\s*/\s*no\b|\btype\s+'?yes'?"#, caseInsensitive: true)
    private static let loneYes = regex(#"\?\s*[(\[]y[)\]]\s*:?$"#, caseInsensitive: true)
    private static let keyList = regex(#"[(\[]\s*([a-z?/](?:\s*[/,|]\s*[a-z?/]){2,})\s*[)\]]"#, caseInsensitive: true)
    private static let pressKey = regex(
        #"\b(?:press|hit)\s+\[?(?:enter|return|any\s+key|a\s+key|space)\]?(?:\s*/\s*\[?(?:enter|return)\]?)?(?:\s+key)?\s+to\s+\w+|\[press any key\]"#,
        caseInsensitive: true)
    /// A last line asking something a person answers with yes or no: `Continue?`, `rm: remove regular file 'x'?`.
    private static let yesNoQuestion = regex(
        #"^(?:[\w.-]+:\s+)?(?:are|is|do|does|did|should|shall|would|will|can|could|may|overwrite|remove|delete|replace|continue|proceed|ok|okay|really|confirm|apply|install|uninstall|allow|accept|save|discard|reset|retry|abort)\b[^\n]*\?\s*:?$"#,
        caseInsensitive: true)

    /// `1. Yes` / `2. No` lines counting up from 1; the last such run on screen.
    private static func numberedMenu(_ lines: [String]) -> AgentPrompt? {
        var best: (start: Int, options: [AgentPrompt.Option])?
        var index = 0
        while index < lines.count {
            guard let first = match(numbered, lines[index]), first[0] == "1" else {
                index += 1
                continue
            }
            var options = [numberedOption(first[0], first[1])]
            var next = index + 1
            var labels = [first[1]]
            while next < lines.count {
                if let item = match(numbered, lines[next]), item[0] == String(options.count + 1) {
                    options.append(numberedOption(item[0], item[1]))
                    labels.append(item[1])
                    next += 1
                } else if next + 1 < lines.count, let item = match(numbered, lines[next + 1]), item[0] == String(options.count + 1) {
                    // A long option wrapped onto a second line.
                    labels[labels.count - 1] += " " + lines[next]
                    options[options.count - 1] = numberedOption(options[options.count - 1].key, labels[labels.count - 1])
                    next += 1
                } else {
                    break
                }
            }
            if options.count >= 2 { best = (index, options) }
            index = next
        }
        guard let best else { return nil }
        return AgentPrompt(text: question(above: best.start, in: lines), options: best.options, source: "screen")
    }

    /// A menu item; one that names its own key (Codex `Yes, proceed (y)`, `No … (esc)`) is chosen with that key.
    private static func numberedOption(_ number: String, _ label: String) -> AgentPrompt.Option {
        guard let own = match(ownKey, label) else { return .init(key: number, label: label, keys: [number]) }
        return .init(key: number, label: own[0], keys: [tmuxKey(own[1].lowercased())])
    }

    /// `Yes (y)` / `No, provide feedback (n)` lines.
    private static func keyedOptions(_ lines: [String]) -> AgentPrompt? {
        var start: Int?
        var options: [AgentPrompt.Option] = []
        for (index, line) in lines.enumerated() {
            if let item = match(keyed, line) {
                if options.isEmpty { start = index }
                let key = item[1].lowercased()
                options.append(.init(key: key, label: item[0], keys: [tmuxKey(key)]))
            } else if !options.isEmpty, options.count < 2 {
                options = []
                start = nil
            } else if options.count >= 2 {
                break
            }
        }
        guard options.count >= 2, let start else { return nil }
        return AgentPrompt(text: question(above: start, in: lines), options: options, source: "screen")
    }

    /// aider's `Create new file? (Y)es/(N)o/(A)ll/(S)kip all/(D)on't ask again [Yes]:`.
    private static func letterChoices(_ lines: [String]) -> AgentPrompt? {
        for line in lines.reversed().prefix(3) {
            let range = NSRange(line.startIndex..., in: line)
            let found = letters?.matches(in: line, range: range) ?? []
            guard found.count >= 2, let first = found.first, let firstRange = Range(first.range, in: line) else { continue }
            let options = found.compactMap { result -> AgentPrompt.Option? in
                guard let letter = Range(result.range(at: 1), in: line).map({ String(line[$0]) }),
                    let rest = Range(result.range(at: 2), in: line).map({ String(line[$0]) })
                else { return nil }
                return .init(key: letter.lowercased(), label: (letter + rest).trimmingCharacters(in: .whitespaces), keys: [letter.lowercased(), "Enter"])
            }
            let text = String(line[..<firstRange.lowerBound]).trimmingCharacters(in: .whitespaces)
            return AgentPrompt(text: text.isEmpty ? line : text, options: options, source: "screen")
        }
        return nil
    }

    /// Buttons that show their key in brackets, as Cline's approvals do: `[y] Approve   [n] Deny`.
    private static func bracketKeys(_ lines: [String]) -> AgentPrompt? {
        for (index, line) in lines.enumerated().reversed() {
            let range = NSRange(line.startIndex..., in: line)
            let found = bracketKey?.matches(in: line, range: range) ?? []
            guard found.count >= 2 else { continue }
            let options = found.compactMap { result -> AgentPrompt.Option? in
                guard let key = Range(result.range(at: 1), in: line).map({ String(line[$0]).lowercased() }),
                    let label = Range(result.range(at: 2), in: line).map({ String(line[$0]).trimmingCharacters(in: .whitespaces) })
                else { return nil }
                return .init(key: key, label: label, keys: [key])
            }
            return AgentPrompt(text: question(above: index, in: lines), options: options, source: "screen")
        }
        return nil
    }

    /// The tmux key for a key named on screen: `esc` → `Escape`, `shift+tab` → `BTab`.
    private static func tmuxKey(_ key: String) -> String {
        switch key {
        case "esc": return "Escape"
        case "tab": return "Tab"
        case "shift+tab": return "BTab"
        case "enter": return "Enter"
        default: return key
        }
    }

    /// A row of buttons chosen by their first letter, as Codex's older approval shows them:
    /// `▌ Yes   Always   No, provide feedback` under `▌ Allow command?`.
    private static func buttonRow(_ lines: [String]) -> AgentPrompt? {
        for (index, line) in lines.enumerated().reversed() where line.hasPrefix("Yes ") {
            let labels = line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard labels.count >= 2, labels.count <= 5 else { continue }
            let options = labels.map { label in
                let key = String(label.prefix(1)).lowercased()
                return AgentPrompt.Option(key: key, label: label, keys: [key])
            }
            guard Set(options.map(\.key)).count == options.count else { continue }
            return AgentPrompt(text: question(above: index, in: lines), options: options, source: "screen")
        }
        return nil
    }

    /// `Continue? [y/N]`, `Proceed (y/n)`, `yes (y) / no (n)`, npm's `Ok to proceed? (y)`; a question that wants
    /// the word (`(yes/no)`, ssh's `(yes/no/[fingerprint])`, `Type 'yes' to continue`) gets the word typed.
    private static func inlineYesNo(_ lines: [String]) -> AgentPrompt? {
        for line in lines.reversed().prefix(3) {
            let range = NSRange(line.startIndex..., in: line)
            if let found = inline?.firstMatch(in: line, range: range) {
                let wantsWord = Range(found.range(at: 1), in: line).map { line[$0].count > 1 } ?? false
                return yesNo(line, wantsWord: wantsWord)
            }
            if spelledOut?.firstMatch(in: line, range: range) != nil { return yesNo(line, wantsWord: true) }
            if loneYes?.firstMatch(in: line, range: range) != nil { return yesNo(line, wantsWord: false) }
        }
        return nil
    }

    /// Yes and No, answered with a letter or the whole word, then Enter.
    private static func yesNo(_ text: String, wantsWord: Bool) -> AgentPrompt {
        guard wantsWord else {
            return AgentPrompt(
                text: text, options: [.init(key: "y", label: "Yes", keys: ["y", "Enter"]), .init(key: "n", label: "No", keys: ["n", "Enter"])],
                source: "screen")
        }
        return AgentPrompt(
            text: text, options: [.init(key: "yes", label: "Yes", keys: ["y", "e", "s", "Enter"]), .init(key: "no", label: "No", keys: ["n", "o", "Enter"])],
            source: "screen")
    }

    /// A bracketed list of answer letters: git's `Stage this hunk [y,n,q,a,d,e,?]?`, dpkg's `(Y/I/N/O/D/Z)`. Each
    /// letter is an answer, typed then Enter (`?` asks for help and is left out).
    private static func letterKeys(_ lines: [String]) -> AgentPrompt? {
        guard let line = lines.last, let found = keyList?.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
            let list = Range(found.range(at: 1), in: line).map({ line[$0] })
        else { return nil }
        var seen = Set<String>()
        let letters = list.split(whereSeparator: { "/,| ".contains($0) }).map(String.init).filter { $0.count == 1 && $0 != "?" && $0 != "/" && seen.insert($0).inserted }
        guard letters.count >= 2 else { return nil }
        return AgentPrompt(text: line, options: letters.map { .init(key: $0, label: $0, keys: [$0, "Enter"]) }, source: "screen")
    }

    /// `Press Enter to continue`, `Press RETURN/ENTER to continue`, `Press any key`: one answer, Enter.
    private static func pressToContinue(_ lines: [String]) -> AgentPrompt? {
        for line in lines.reversed().prefix(2) where pressKey?.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil {
            return AgentPrompt(text: line, options: [.init(key: "Enter", label: "Continue", keys: ["Enter"])], source: "screen")
        }
        return nil
    }

    /// A last line asking a yes-or-no question (`Continue?`, `rm: remove regular file 'x'?`): Yes or No, as a letter.
    private static func yesNoQuestion(_ lines: [String]) -> AgentPrompt? {
        guard let line = lines.last, yesNoQuestion?.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil else { return nil }
        return yesNo(line, wantsWord: false)
    }

    // MARK: helpers

    /// The question above the first option: the nearest line ending in `?`, else the line right above.
    private static func question(above index: Int, in lines: [String]) -> String {
        let candidates = lines[max(0, index - 6)..<index].reversed()
        if let asked = candidates.first(where: { $0.hasSuffix("?") }) { return asked }
        return candidates.first ?? ""
    }

    /// A pattern known to compile (nil would only disable its shape).
    private static func regex(_ pattern: String, caseInsensitive: Bool = false) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }

    /// The capture groups of `expression` in `line`, or nil.
    private static func match(_ expression: NSRegularExpression?, _ line: String) -> [String]? {
        let range = NSRange(line.startIndex..., in: line)
        guard let result = expression?.firstMatch(in: line, range: range) else { return nil }
        return (1..<result.numberOfRanges).map { Range(result.range(at: $0), in: line).map { String(line[$0]) } ?? "" }
    }

    /// The line without box borders and surrounding blanks.
    private static func clean(_ line: String) -> String {
        line.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "│┃║|╭╮╰╯─━═⎿▌")))
    }
}
