import Foundation
import CCmark

/// GitHub-flavoured Markdown to HTML through the system's libcmark-gfm: tables, task lists, strikethrough and
/// autolinks as on GitHub. Raw HTML in the input is dropped (safe mode) and `javascript:` style links are removed,
/// so the result may be inserted into a page as is.
public enum Markdown {
    /// The GFM extensions turned on, by their libcmark-gfm names.
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// Registers the GFM extensions once: the library's own guard is a plain flag, not safe to race on, while a
    /// global's initialiser runs exactly once.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// The HTML for `text`.
    /// - Parameters:
    ///   - text: Markdown.
    ///   - keepLineBreaks: every line break in the text is a line break on the page, as in GitHub's comments (for
    ///     messages, reports and chats); off, lines join into paragraphs as in a README (for specifications).
    public static func html(_ text: String, keepLineBreaks: Bool = true) -> String {
        // Safe is the default from cmark 0.29 on; asking for it keeps older libraries safe too. No CMARK_OPT_SMART:
        // commands in messages must stay as typed (`--task`, straight quotes).
        var options = CMARK_OPT_DEFAULT | CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8
        if keepLineBreaks { options |= CMARK_OPT_HARDBREAKS }
        guard registered, let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
