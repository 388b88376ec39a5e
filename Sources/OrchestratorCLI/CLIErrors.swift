import ArgumentParser
import OrchestratorCore
import Storage
import WebApp
import Orchestration

/// Turns domain errors into one-line messages for the terminal (exit code 1, no stack traces).
enum CLIErrors {
    static func explain<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let failure as ValidationFailure {
            throw ValidationError(failure.summary)
        } catch let error as StorageError {
            switch error {
            case .usernameTaken(let name): throw ValidationError("username '\(name)' is already taken")
            case .userNotFound(let name): throw ValidationError("no user named '\(name)'")
            case .lastAdmin: throw ValidationError("the last admin cannot be removed or demoted")
            case .apiKeyNotFound(let id): throw ValidationError("no API key with id \(id)")
            }
        } catch let failure as AuthFailure {
            switch failure {
            case .forbidden(let reason), .unauthenticated(let reason): throw ValidationError(reason)
            }
        }
    }
}
