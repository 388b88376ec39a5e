import Testing
@testable import Intelligence

@Suite("Requirement splitter", .timeLimit(.minutes(3)))
struct RequirementSplitterTests {
    @Test func splitsClausesAndStripsVerbsAndArticles() {
        let requirements = RequirementSplitter.requirements(
            from: "Create a React dashboard with user authentication and real-time charts")
        #expect(requirements == ["React dashboard", "User authentication", "Real-time charts"])
    }

    @Test func splitsBulletsNumbersSentencesAndSemicolons() {
        let prompt = """
            - Login page
            * Signup page
            1. Password reset; email verification
            2) Build an admin panel. Add audit logs!
            """
        #expect(RequirementSplitter.requirements(from: prompt) == [
            "Login page", "Signup page", "Password reset", "Email verification", "Admin panel", "Audit logs",
        ])
    }

    @Test func keepsFixedPairsAndBoundWith() {
        let requirements = RequirementSplitter.requirements(from: "Add drag and drop uploads. Integrate with Stripe")
        #expect(requirements == ["Drag and drop uploads", "Integrate with Stripe"])
    }

    @Test func dropsRepeatsHeadingsAndEmptyFragments() {
        let requirements = RequirementSplitter.requirements(from: "Features: login, and login. Add login!\n\n- \n;;")
        #expect(requirements == ["Login"])
    }

    @Test func keepsAtMostTwelve() {
        let prompt = (1...15).map { "module\($0)" }.joined(separator: ", ")
        let requirements = RequirementSplitter.requirements(from: prompt)
        #expect(requirements.count == 12)
        #expect(requirements.first == "Module1")
        #expect(requirements.last == "Module12")
    }
}
