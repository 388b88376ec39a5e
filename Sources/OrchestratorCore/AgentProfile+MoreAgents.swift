extension AgentProfile {
    /// Profiles written from each agent's public source, docs and peers' captures; each folder
    /// `Tests/Fixtures/screens/<name>/FACTS.md` lists the strings and where they come from.
    /// Agents that ask nothing by default (Amp runs tools without approval) still get a waiting pattern for the
    /// rules that make them ask.
    public static let moreAgents: [AgentProfile] = [opencode, cursorAgent, copilot, amp, goose, kimi, cline, crush, pi]

    /// opencode (`opencode`, sst/opencode): `esc interrupt` while working, `△ Permission required` with
    /// `Allow once   Allow always   Reject`, `[retrying in 2m 5s attempt #3]` on rate limits.
    public static let opencode = AgentProfile(
        name: "opencode", command: "opencode",
        readyPatterns: [#"Ask anything\.\.\."#, #"ctrl\+p commands"#],
        busyPatterns: [#"esc (?:again to )?interrupt"#, #"(?m)^\s*[\x{2800}-\x{28FF}]\s+\S"#],
        waitingPatterns: [#"Permission required"#, #"Allow once\s+Allow always\s+Reject"#, "Type your own answer", "esc dismiss"],
        exhaustedPatterns: [
            "rate limit", "insufficient_quota", "exceeded your current quota", #"\bquota\b[^\n]*exceeded"#, "credit balance", #"\b429\b"#,
            "Too Many Requests", #"usage exceeded"#, "add credits",
        ],
        resetTimePattern: #"retrying in ([^\]\n]+?) attempt"#,
        progressPatterns: [#"(?m)^\s*▣\s"#])

    /// Cursor CLI (`cursor-agent`, also `agent` and `cursor agent`): spinner lines with a token count while working,
    /// boxed `Run this command?` / `Write to this file?` / MCP tool dialogs with `→ Run (once) (y)`, `Skip (esc or n)`
    /// or `Reject (esc or p)` when it asks, `Allow this web fetch?`, `Workspace Trust Required` on a new folder,
    /// `→ Add a follow-up` idle. Its dialogs are drawn in a box: the same words in an answer's text are a quote. Its
    /// footer says `ctrl+c to stop` while a turn runs, dialogs included, so that is not a busy sign.
    public static let cursorAgent = AgentProfile(
        name: "cursor-agent", command: "cursor-agent",
        readyPatterns: [#"(?m)^\s*(?:│\s*)?→ (?:Add a follow-up|Plan, search, build anything)(?![^\n]*ctrl\+c to stop)"#],
        busyPatterns: [#"(?m)^\s*[⬡⬢] \S+ing"#, #"(?m)^\s*[\x{2800}-\x{28FF}]{1,2} [A-Z][a-z]+ing\b"#],
        waitingPatterns: [
            #"(?m)^[ \t]*│[ \t]*(?:Run this command|Write to this file)\?"#, #"Allow this [\w ]{1,30}\?"#,
            #"(?m)^[ \t]*│[ \t]*Not in (?:team )?allowlist"#, "waiting for approval", "Workspace Trust Required",
            #"(?m)^[ \t]*│[ \t]*(?:→\s*)?Skip \(esc or n\)"#, #"(?m)^[ \t]*│[ \t]*(?:→\s*)?Reject[^\n]{0,30}\(esc or [np]"#,
            #"(?m)^[ \t]*│[ \t]*→ [A-Z][^\n]{0,40}\((?:y|once)\)"#,
        ],
        exhaustedPatterns: ["usage limit", "rate limit", "out of credits", #"\b429\b"#, "quota exceeded"],
        resetTimePattern: #"(?:cycle ends on|resets? (?:at|on)|try again (?:at|in))\s+(\d{1,2}/\d{1,2}/\d{4}|\d[^\n.]*)"#)

    /// GitHub Copilot CLI (`copilot`): `◉ Thinking (Esc to cancel)` while working, `Do you want to run this
    /// command?` with `❯ 1. Yes` and `Confirm with number keys`, rate-limit and premium-quota messages.
    public static let copilot = AgentProfile(
        name: "copilot", command: "copilot",
        readyPatterns: [#"(?:Enter|Type) @ to mention files"#],
        busyPatterns: [#"\(Esc to cancel\)"#, #"(?m)^\s*[◉○●◎]\s+\S+ing\b"#],
        waitingPatterns: [#"Do you want to [^\n]*\?"#, "Confirm with number keys", "Confirm with Y Enter", #"(?m)^[\s│]*❯\s*1\.\s+\S"#],
        exhaustedPatterns: ["hit a rate limit", "You have no quota", "quota_exceeded", "premium requests", #"\b429\b"#],
        resetTimePattern: #"try again in ([^.\n]+)"#)

    /// Amp (`amp`, Sourcegraph): `Waiting for response...  Esc to cancel` under the input box while working.
    public static let amp = AgentProfile(
        name: "amp", command: "amp",
        readyPatterns: [#"(?m)^╭─(?:smart|rush|deep|\d+% of)"#, "Welcome to Amp"],
        busyPatterns: [#"Waiting for response"#, #"(?m)^\s*∿\s"#, #"Esc to cancel"#],
        waitingPatterns: [#"(?i)\bapprove\b[^\n]*\?"#, #"Allow\b[^\n]*\?"#],
        exhaustedPatterns: ["out of credits", "insufficient credits", "rate limit", #"\b429\b"#])

    /// goose (`goose session`, block/goose): cliclack spinners `◐  Thinking...`, `◆  Goose would like to call the
    /// above tool, do you allow?` when it asks, a `( O)>` prompt when idle.
    public static let goose = AgentProfile(
        name: "goose", command: "goose session",
        readyPatterns: [#"(?m)^\( O\)>\s*$"#, "goose ready"],
        busyPatterns: [#"(?m)^[◒◐◓◑]\s+[^\n]+\.\.\.\s*$"#],
        waitingPatterns: [#"Goose would like to call the above tool"#, #"Do you allow this tool call\?"#, #"(?m)^◆\s"#],
        exhaustedPatterns: [#"Rate limit exceeded"#, "Please add credits", "insufficient credits", "credit balance", #"Ran into this error:[^\n]*(?:429|quota)"#],
        progressPatterns: [#"(?m)^\s*▸\s"#])

    /// Kimi CLI (`kimi`, MoonshotAI/kimi-cli): `Thinking` with a timer and `Using <Tool>` spinners while working, an
    /// `approval` panel with `[1] Approve once` and a `question` panel when it asks, `── input ──` when idle.
    public static let kimi = AgentProfile(
        name: "kimi", command: "kimi",
        readyPatterns: [#"(?m)^── input(?: · plan)? ─"#],
        busyPatterns: [#"(?m)^\s*Thinking\b[^\n]*\d+(?:s| tokens)"#, #"(?m)^\s*[\x{2800}-\x{28FF}] Using \w+"#, #"Compacting\.\.\."#],
        waitingPatterns: [#"is requesting approval to"#, #"\[1\] Approve once"#, #"1/2/3/4 choose"#, #"(?m)^[\s│]*\?\s+\S[^\n]*\?"#, #"(?m)^[\s│]*→ \[1\]"#],
        exhaustedPatterns: ["rate limit", "exceeded_current_quota", "insufficient balance", "quota", #"\b429\b"#, "Membership expired", #"\b402\b"#],
        progressPatterns: [#"(?m)^•\s+\S"#])

    /// Cline CLI (`cline`): `Thinking... (esc to cancel)` and braille spinners on a running tool, `Cline needs
    /// permission` / `Approve tool call?` with `[y] Approve  [n] Deny`, `❯ Ask anything...` when idle.
    public static let cline = AgentProfile(
        name: "cline", command: "cline",
        readyPatterns: [#"(?m)^❯ (?:Ask anything|What can I do for you\?|Plan something)"#, "Cline is ready for your message"],
        busyPatterns: [#"Thinking\.\.\. \(esc to cancel\)"#, #"(?m)^\s*[\x{2800}-\x{28FF}] \w+\("#, "Esc cancels turn"],
        waitingPatterns: [#"Cline needs permission"#, #"Approve tool call\?"#, #"Cline is asking a question"#, #"Let Cline use this tool\?"#, #"\[y\] Approve"#],
        exhaustedPatterns: ["rate limit", "credits", "quota", #"\b429\b"#, "insufficient", #"ClinePass limit"#, #"reached your (?:\w+ )*limit"#],
        progressPatterns: [#"(?m)^\*\s+\S"#])

    /// Crush (`crush`, charmbracelet/crush): `esc cancel` in the help line and `Working...` placeholders while
    /// working, `Permission Required` with `Allow  Allow for Session  Deny`, `> Ready!` when idle.
    public static let crush = AgentProfile(
        name: "crush", command: "crush",
        readyPatterns: [#"(?m)^\s*> (?:Ready!|Ready\.\.\.|Ready\?|Ready for instructions)\s*$"#],
        // The `esc cancel` help line stays on screen while a permission dialog is open: not a busy marker,
        // and neither does the editor's `Working...` placeholder.
        busyPatterns: [#"(?m)\sThinking \d+s\b"#, "Waiting for tool response", #"esc press again to cancel"#],
        waitingPatterns: [#"Permission Required"#, #"Allow\s+Allow for Session\s+Deny"#, #"y yes\s+[^\n]*n no"#],
        exhaustedPatterns: ["rate limit", "quota", "insufficient", "credits", #"\b429\b"#],
        progressPatterns: [#"(?m)^\s*✓\s"#])

    /// pi (`pi`, badlogic/pi-mono): a braille loader `⠋ Working... (escape to interrupt)` while working, selector
    /// dialogs (`→ Yes`, `↑↓ navigate  enter select`) when an extension asks.
    public static let pi = AgentProfile(
        name: "pi", command: "pi",
        readyPatterns: [#"(?m)^─{10,}\s*$"#],
        busyPatterns: [#"(?m)^\s*[\x{2800}-\x{28FF}] [^\n]*\((?:escape|esc|[a-z+]+) to (?:interrupt|cancel)\)"#],
        waitingPatterns: [#"↑↓ navigate\s+enter select"#, #"(?m)^\s*Allow\?\s*$"#, #"(?m)^\s*→ (?:Yes|No)\b"#],
        exhaustedPatterns: ["rate limit", "quota", "usage limit", "insufficient", #"\b429\b"#, "credit", #"Retrying \(\d+/\d+\) in"#],
        resetTimePattern: #"(?:Try again|Retrying \(\d+/\d+\)) in\s+(~?\d+(?:\.\d+)?\s*[a-z]+)"#)
}
