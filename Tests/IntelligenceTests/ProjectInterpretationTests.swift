import Foundation
import Testing
@testable import Intelligence

@Suite("Project interpretation", .timeLimit(.minutes(3)))
struct ProjectInterpretationTests {
    let provider = HeuristicProvider()
    let dashboard = "Create a React dashboard with user authentication and real-time charts"

    @Test func readsTheDashboardRequest() {
        let result = provider.interpretProject(prompt: dashboard, context: [:])
        #expect(result.understoodRequirements.contains("User authentication"))
        #expect(result.understoodRequirements == ["React dashboard", "User authentication", "Real-time charts"])
        #expect(result.suggestedTeam == ["project-manager", "developer", "designer", "tester"])
        #expect(result.estimatedDuration == "3-5 days")
        #expect(result.name == "react-dashboard")
    }

    /// A size picked on a form means the team the manual form's size gives (`TeamComposition.defaultSizes`).
    @Test func aChosenSizeIsTheManualFormsTeam() {
        #expect(provider.interpretProject(prompt: dashboard, context: ["team_size_preference": "small"]).suggestedTeam == ["developer"])
        #expect(provider.interpretProject(prompt: "Write a CLI tool", context: ["team_size_preference": "medium"]).suggestedTeam
            == ["project-manager", "developer", "tester"])
        #expect(provider.interpretProject(prompt: "Write a CLI tool", context: ["team_size_preference": "large"]).suggestedTeam
            == ["project-manager", "developer", "developer", "tester", "devops"])
    }

    @Test func theSpecHoldsTheWorkNotTheServersSettings() {
        let result = provider.interpretProject(prompt: dashboard, context: ["team_size_preference": "small", "project_path": "/srv/work/x"])
        #expect(!result.specMarkdown.contains("project_path") && !result.specMarkdown.contains("team_size_preference"))
        #expect(!result.specMarkdown.contains("## Context"))
        let deployed = provider.interpretProject(prompt: "Write a CLI tool", context: ["deployment_target": "vercel"])
        #expect(deployed.specMarkdown.contains("- **deployment_target**: vercel"))
    }

    @Test func aSmallRequestGetsALoneDeveloper() {
        let result = provider.interpretProject(prompt: "Write a CLI tool", context: [:])
        #expect(result.suggestedTeam == ["developer"])
        #expect(result.estimatedDuration == "1-2 days")
        #expect(result.name == "cli-tool")
    }

    @Test func keywordsChooseSpecialists() {
        let research = provider.interpretProject(prompt: "Research and compare vector databases", context: [:])
        #expect(research.suggestedTeam == ["developer", "researcher"])

        let tested = provider.interpretProject(prompt: "Fix the parser bug", context: [:])
        #expect(tested.suggestedTeam == ["developer", "tester"])

        let deployed = provider.interpretProject(prompt: "Write a CLI tool", context: ["deployment_target": "vercel"])
        #expect(deployed.suggestedTeam == ["developer", "devops"])
    }

    @Test func durationGrowsWithRequirements() {
        let pages = provider.interpretProject(
            prompt: "login page, signup page, profile page, settings page, search page, help page", context: [:])
        #expect(pages.understoodRequirements.count == 6)
        #expect(pages.suggestedTeam == ["project-manager", "developer", "designer", "tester"])
        #expect(pages.estimatedDuration == "1-2 weeks")
        // The same amount of work on a two-role team takes a step longer.
        let six = provider.interpretProject(prompt: "a1, a2, a3, a4, a5, a6", context: [:])
        #expect(six.suggestedTeam == ["developer", "tester"])
        #expect(six.estimatedDuration == "2-4 weeks")
        let ten = provider.interpretProject(prompt: (1...10).map { "part\($0)" }.joined(separator: "; "), context: [:])
        #expect(ten.estimatedDuration == "2-4 weeks")
    }

    @Test func namesAreValidSlugs() {
        #expect(provider.interpretProject(prompt: "", context: [:]).name == "project")
        #expect(provider.interpretProject(prompt: "3D printer monitor", context: [:]).name == "project-3d-printer-monitor")
        let long = provider.interpretProject(
            prompt: "Create a supercalifragilisticexpialidocious extraordinarily comprehensive platform", context: [:])
        #expect(long.name == "supercalifragilisticexpialidocious")
        #expect(long.name.count <= 40)
    }

    @Test func specListsRequirementsTeamAndContext() {
        let result = provider.interpretProject(prompt: dashboard, context: ["deployment_target": "vercel"])
        let spec = result.specMarkdown
        #expect(spec.hasPrefix("# React dashboard\n"))
        #expect(spec.contains("## Requirements\n\n- React dashboard\n- User authentication\n- Real-time charts\n"))
        #expect(spec.contains("- **devops**: "))
        #expect(spec.contains("- **designer**: "))
        #expect(spec.contains("## Context\n\n- **deployment_target**: vercel\n"))
        #expect(result.suggestedTeam == ["project-manager", "developer", "designer", "tester", "devops"])
    }

    @Test func encodesSnakeCaseKeys() throws {
        let result = provider.interpretProject(prompt: dashboard, context: [:])
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        #expect(object?["understood_requirements"] as? [String] == result.understoodRequirements)
        #expect(object?["suggested_team"] as? [String] == result.suggestedTeam)
        #expect(object?["estimated_duration"] as? String == "3-5 days")
        #expect(object?["spec_markdown"] as? String == result.specMarkdown)
    }
}
