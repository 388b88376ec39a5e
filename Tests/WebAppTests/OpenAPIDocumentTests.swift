import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import WebApp

@Suite("The OpenAPI document covers every route and is served with its reference page", .timeLimit(.minutes(3)))
struct OpenAPIDocumentTests {
    @Test func everyRouteIsDescribedAndNothingElse() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        let (_, catalog) = buildRouter(env.services)
        #expect(OpenAPIDocument.undocumented(catalog).isEmpty, "routes missing from OpenAPIOperations: \(OpenAPIDocument.undocumented(catalog))")
        let routes = Set(catalog.entries.map { "\($0.method) \(OpenAPIDocument.openAPIPath($0.path))" })
        let stale = Set(OpenAPIDocument.operations.keys).subtracting(routes)
        #expect(stale.isEmpty, "described routes that do not exist: \(stale.sorted())")
        #expect(OpenAPIDocument.operations.count == catalog.entries.count)
    }

    @Test func theDocumentIsServedAndReferencesOnlyItsOwnSchemas() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.test { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(paths["/api/v1/projects/{id}"]?["get"] != nil && paths["/mcp"]?["post"] != nil && paths["/openapi.json"]?["get"] != nil)
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            // Every $ref names a schema that exists.
            let refs = Set(response.text.components(separatedBy: "\"$ref\":\"#/components/schemas/").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) })
            #expect(!refs.isEmpty && refs.isSubset(of: Set(schemas.keys)), "dangling: \(refs.subtracting(schemas.keys))")
            let page = try await client.execute(uri: "/docs", method: .get)
            #expect(page.status == .ok && page.text.contains("/api/v1/projects/{id}") && page.text.contains("TokenPair"))
            // Schema names link to their definitions, and every link lands on one.
            let links = Set(page.text.components(separatedBy: ##"href="#schema-"##).dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) })
            #expect(links.contains("TokenPair") && links.isSubset(of: Set(schemas.keys)), "dangling: \(links.subtracting(schemas.keys))")
            // The errors are explained once, not under every operation; each operation has an example call.
            #expect(page.text.components(separatedBy: "Errors every operation may answer").count == 2)
            #expect(page.text.components(separatedBy: "Authentication required").count <= 2)
            #expect(page.text.contains("curl -X POST &#39;http://") || page.text.contains("curl -X POST 'http://"))
            #expect(page.text.contains(#"&quot;username&quot;:&quot;…&quot;"#) || page.text.contains(#""username":"…""#))
        }
    }
}
