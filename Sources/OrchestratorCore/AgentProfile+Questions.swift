extension AgentProfile {
    /// The shapes of a question any terminal program may ask, known without a profile. Each must sit at the bottom
    /// of the screen (a question with output below it was answered), and each is a shape, not a program's wording:
    /// - answer keys in brackets: `(y/n)`, `[y/N]`, `(Y/n)`, `([y]/n)`, `[yes/no]`, `(Y/I/N/O/D/Z)`, `[y,n,q,a,d,?]`,
    ///   a lone `(y)`, a bare `yes/no`;
    /// - a numbered menu with a selection marker (`❯ 1. Yes`);
    /// - an arrow-key menu: a marker on an item (`❯ CSS`, `› ● None`) beside unmarked ones (`○ React`), or a hint
    ///   such as `(Use arrow keys)`, `↑ up • ↓ down`, `Return to submit`;
    /// - a dialog's buttons: `<Ok>`, `<Yes>`, `<Cancel>`;
    /// - `Press Enter to continue`, `Press RETURN/ENTER to continue`, `Press any key`;
    /// - a choice asked for on the last line: `Select an option:`, `Your choice [1-3]:`, `Enter a value:`,
    ///   `Type 'yes' to continue`;
    /// - a last line that is a program's yes/no question (`rm: remove regular file 'x'?`, `Continue?`, `Are you sure …?`).
    ///
    /// A bare input prompt (`>`, `$`) is not a question: a list printed above one is an answer, not a menu.
    public static let universalQuestionPatterns: [String] = [
        // Answer keys in brackets, ending the screen but for a short tail (`: `, `? `, ` [default=N] ?`).
        #"[(\[]\s*\[?[a-z]{1,3}\]?\s*(?:[/,|]\s*\[?[a-z?/]{1,3}\]?\s*)+[)\]][^\n]{0,24}$"#,
        // A lone default key: npm's `Ok to proceed? (y)`.
        #"\?\s*[(\[][yn][)\]]\s*:?\s*$"#,
        // A bare yes/no as the answer asked for.
        #"\byes\s*/\s*no\b[^\n]{0,24}$"#,
        // A numbered menu with a selection marker on one of its items, in the last lines of the screen.
        #"(?m)^[\s│┃|]*[❯›▶▸→>]\s*\d{1,2}[.)]\s+\S[^\n]*(?:\n[^\n]*){0,8}\z"#,
        // An arrow-key menu: a marker before an item and an indented, unmarked item right above or below it
        // (a prompt's echoed input under `❯` has no such neighbour).
        #"(?m)(?:^[\s│┃|]*\s\s+\w[^\n]*\n[\s│┃|]*[❯›▸▶➤>]\s+\w|^[\s│┃|]*[❯›▸▶➤>]\s+\w[^\n]*\n[\s│┃|]*\s\s+\w)[^\n]*(?:\n[^\n]*){0,10}\z"#,
        #"(?m)^[\s│┃|]*(?:[❯›▸▶➤]\s+)?[○◯◻□]\s+\w[^\n]*(?:\n[^\n]*){0,14}\z"#,
        // The key hints menus print.
        #"(?:\buse (?:the )?arrow[- ]?keys|\buse arrows\b|↑\s*(?:up|/|↓)|\breturn to submit\b|\benter to (?:select|confirm|submit)\b|\bspace to (?:select|toggle)\b)[^\n]*(?:\n[^\n]*){0,14}\z"#,
        // A dialog's buttons.
        #"<\s*(?:ok|yes|no|cancel)\s*>[^\n]*(?:\n[^\n]*){0,4}\z"#,
        // Press Enter (or any key) to go on.
        #"\b(?:press|hit)\s+\[?(?:enter|return|any\s+key|a\s+key|space)\]?(?:\s*/\s*\[?(?:enter|return)\]?)?(?:\s+key)?\s+to\s+\w+[^\n]*$"#,
        #"\[press any key\][^\n]*$"#,
        // A numbered menu (items 1 to 3 at least, several to a line or one each, `1.`, `1)`, `1:`) right above a
        // last line that names what to give, ending in `:` or `>`: debconf's `Geographic area:`, `git clean -i`'s
        // `What now>`. (A bare `>` is an input prompt, and a list above it an answer.)
        #"(?m)^[^\n]*(?<![\w.])1[.):]\s+\w[^\n]*\n(?:[^\n]*\n){0,4}?[^\n]*(?<![\w.])3[.):]\s+\w[^\n]*\n(?:[^\n]*\n){0,6}?[ \t]*[A-Za-z][\w '-]{0,40}[:>][ \t]*\z"#,
        // A form filled in line by line: answered `name: (default)` lines above a last `name:` still empty (npm init).
        #"(?m)^[\w][\w ]{0,30}: \([^\n)]*\)[^\n]*\n(?:[^\n]*\n){0,3}[ \t]*[A-Za-z][\w ]{0,30}:[ \t]*\z"#,
        // A choice asked for on the last line.
        #"(?:\bselect\b|\bchoose\b|\bchoice\b|\boption\b|\bselection\b|\benter a value|\btype\s+'?yes'?)[^\n]{0,60}:\s*$"#,
        // A last line that is a program's yes/no question: prefixed with its name (`rm: remove regular file 'x'?`),
        // or `Continue?`, `Proceed?`, `Are you sure …?`. (Not any line ending in `?`: an agent that echoes its input
        // shows the question it was sent, and must not look as if it asked it.)
        #"(?:^|\n)[\w.-]+: [^\n]*\?\s*:?\s*$"#,
        #"\b(?:continue|proceed)\s*\?\s*:?\s*$"#,
        #"\bare you sure\b[^\n]*\?\s*:?\s*$"#,
    ]
}
