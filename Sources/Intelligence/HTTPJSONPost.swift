import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts a JSON body and returns the JSON object answered, mapping failures to ``ModelError``.
enum HTTPJSONPost {
    static func send(to url: URL, headers: [String: String], body: [String: Any], timeout: Double) async throws -> [String: Any] {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw ModelError.unreachable("\(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw ModelError.http(status: status, body: String(decoding: data.prefix(500), as: UTF8.self))
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ModelError.malformed("the response body is not a JSON object")
        }
        return object
    }
}
