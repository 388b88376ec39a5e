import Foundation
import HTTPTypes
import OrchestratorCore
import Orchestration

/// Errors from the API handlers put in words a person on a page can act on.
enum PageProblem {
    /// The sentence for `error`, or nil when it is not a problem with the request (then it is rethrown).
    static func text(for error: any Error) -> String? {
        switch error {
        case let failure as ValidationFailure:
            let parts = failure.fields.map { "\($0.field.replacingOccurrences(of: "_", with: " ")) \($0.message)" }
            return parts.joined(separator: "; ").capitalizedFirst + "."
        case let error as APIError:
            if error.code == "merge_conflict", case .object(let details) = error.details, case .array(let files) = details["conflicts"] {
                let names = files.compactMap { if case .string(let name) = $0 { name } else { nil } }
                return "The merge stopped on conflicts in \(names.joined(separator: ", ")). Choose how to resolve them in the git panel, or abort."
            }
            return error.message.capitalizedFirst + (error.message.hasSuffix(".") ? "" : ".")
        case let failure as AuthFailure:
            switch failure {
            case .forbidden(let reason), .unauthenticated(let reason): return reason.capitalizedFirst + "."
            }
        default:
            // Anything else the error middleware would answer with a 4xx is still the request's problem.
            let answer = ErrorRenderingMiddleware.apiError(for: error)
            return answer.status.code < 500 ? answer.message.capitalizedFirst + "." : nil
        }
    }
}
