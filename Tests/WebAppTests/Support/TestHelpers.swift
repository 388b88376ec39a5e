import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import HTTPTypes
import Orchestration

/// Extracts the CSRF token a page carries in its meta tag.
func csrfToken(inPage html: String) -> String? {
    guard let range = html.range(of: #"<meta name="csrf-token" content=""#) else { return nil }
    let rest = html[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}
