import Testing
@testable import WebApp
import Orchestration

@Suite("Rendered messages keep commands intact")
struct MarkdownCommandTests {
    @Test func noSmartPunctuation() {
        let html = Markdown.html(#"Run orchestrator report --task "tests" -- it's 'quoted'..."#)
        #expect(html.contains("--task"))
        #expect(!html.contains("–") && !html.contains("—") && !html.contains("…"))
        #expect(html.contains("&quot;tests&quot;") && html.contains("it's 'quoted'"))
        #expect(!html.contains("’") && !html.contains("“"))
    }
}
