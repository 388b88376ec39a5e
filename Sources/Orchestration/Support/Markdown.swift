import Foundation
import CCmark

/// CommonMark to HTML through the system's libcmark. Raw HTML in the input is dropped (cmark's safe mode,
/// its default) and `javascript:` style links are removed, so the result may be inserted into a page as is.
public enum Markdown {
    /// The HTML for `text`.
    public static func html(_ text: String) -> String {
        // CMARK_OPT_SAFE is the default from cmark 0.29 on; asking for it keeps older libraries safe too. No
        // CMARK_OPT_SMART: commands in messages must stay as typed (`--task`, straight quotes).
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8
        let bytes = Array(text.utf8)
        guard let rendered = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_markdown_to_html($0, buffer.count, options) }
            } ?? cmark_markdown_to_html("", 0, options)
        }) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
