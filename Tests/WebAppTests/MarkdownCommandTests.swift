import Testing
@testable import WebApp
import Orchestration

@Suite("Rendered messages keep commands intact", .timeLimit(.minutes(3)))
struct MarkdownCommandTests {
    @Test func noSmartPunctuation() {
        let html = Markdown.html(#"Run orchestrator report --task "tests" -- it's 'quoted'..."#)
        #expect(html.contains("--task"))
        #expect(!html.contains("–") && !html.contains("—") && !html.contains("…"))
        #expect(html.contains("&quot;tests&quot;") && html.contains("it's 'quoted'"))
        #expect(!html.contains("’") && !html.contains("“"))
    }

    @Test func githubFlavouredMarkdown() {
        let html = Markdown.html("""
            | file | state |
            | --- | --- |
            | a.swift | ~~broken~~ fixed |

            - [x] parser
            - [ ] tests

            See https://example.com/docs for more.
            """)
        #expect(html.contains("<table>") && html.contains("<th>file</th>") && html.contains("<td>a.swift</td>"))
        #expect(html.contains("<del>broken</del>"))
        #expect(html.contains(#"type="checkbox""#) && html.contains("checked"))
        #expect(html.contains(#"<a href="https://example.com/docs">"#))
    }

    @Test func stillSafe() {
        let html = Markdown.html("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) <b>bold</b>")
        #expect(!html.contains("<script") && !html.contains("onerror") && !html.contains("javascript:") && !html.contains("<b>"))
    }

    @Test func lineBreaksInAMessageAreKept() {
        #expect(Markdown.html("first line\nsecond line").contains("first line<br />\nsecond line"))
        #expect(!Markdown.html("first line\nsecond line", keepLineBreaks: false).contains("<br"))
    }
}
