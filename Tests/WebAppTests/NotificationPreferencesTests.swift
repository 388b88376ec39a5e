import Foundation
import Storage
import Testing

@testable import Orchestration

@Suite("Notification rules: events, projects, quiet hours in the person's time zone")
struct NotificationPreferencesTests {
    /// 2026-12-06 at `hour:minute` UTC.
    private func utc(_ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar.date(from: DateComponents(year: 2026, month: 12, day: 6, hour: hour, minute: minute))!
    }

    @Test func quietHoursRunOvernightAndAreReadInTheirTimeZone() {
        let overnight = NotificationPreferences.QuietHours(start: 22 * 60, end: 7 * 60, timeZone: "UTC")
        #expect(overnight.contains(utc(23, 30)) && overnight.contains(utc(0)) && overnight.contains(utc(6, 59)))
        #expect(!overnight.contains(utc(7)) && !overnight.contains(utc(12)) && !overnight.contains(utc(21, 59)))
        let daytime = NotificationPreferences.QuietHours(start: 9 * 60, end: 17 * 60, timeZone: "UTC")
        #expect(daytime.contains(utc(9)) && !daytime.contains(utc(17)) && !daytime.contains(utc(8, 59)))
        // 22:00–07:00 in Tokyo (UTC+9) is 13:00–22:00 UTC.
        let tokyo = NotificationPreferences.QuietHours(start: 22 * 60, end: 7 * 60, timeZone: "Asia/Tokyo")
        #expect(tokyo.contains(utc(13)) && tokyo.contains(utc(21, 59)))
        #expect(!tokyo.contains(utc(23)) && !tokyo.contains(utc(12, 59)))
    }

    @Test func timesAreReadOnlyAsTwentyFourHourHHMM() {
        #expect(NotificationPreferences.QuietHours.minutes("00:00") == 0)
        #expect(NotificationPreferences.QuietHours.minutes("23:59") == 23 * 60 + 59)
        for bad in ["24:00", "7:00", "07:60", "07-00", "", "07:00:00", "ab:cd", "-1:00", " 7:00"] {
            #expect(NotificationPreferences.QuietHours.minutes(bad) == nil, "\(bad)")
        }
        #expect(NotificationPreferences.QuietHours.text(7 * 60 + 5) == "07:05")
    }

    @Test func rulesHoldBackWhatThePersonTurnedOff() {
        var preferences = NotificationPreferences.standard
        #expect(preferences.holdsBack(event: "agent_waiting", projectID: "p", at: utc(12)) == nil)
        preferences.events.remove(.agentWaiting)
        #expect(preferences.holdsBack(event: "agent_waiting", projectID: "p", at: utc(12))?.contains("turned off") == true)
        #expect(preferences.holdsBack(event: "agent_failed", projectID: "p", at: utc(12)) == nil)
        preferences.projects = ["other"]
        #expect(preferences.holdsBack(event: "agent_failed", projectID: "p", at: utc(12)) == "you chose other projects")
        #expect(preferences.holdsBack(event: "batch_finished", projectID: nil, at: utc(12)) == nil, "a batch belongs to no project")
        preferences.projects = nil
        preferences.quietHours = .init(start: 11 * 60, end: 13 * 60, timeZone: "UTC")
        #expect(preferences.holdsBack(event: "agent_failed", projectID: "p", at: utc(12))?.hasPrefix("quiet hours (11:00–13:00 UTC)") == true)
        #expect(preferences.holdsBack(event: "agent_failed", projectID: "p", at: utc(13)) == nil)
    }

    @Test func rulesSurviveTheirStoredForm() {
        let preferences = NotificationPreferences(
            events: [.mergeConflict, .messageReply], projects: ["a", "b"], quietHours: .init(start: 60, end: 120, timeZone: "Europe/Berlin"),
            skipWhenFocused: false)
        let stored = preferences.rule(userID: 7)
        #expect(stored.userId == 7 && stored.timeZone == "Europe/Berlin")
        #expect(NotificationPreferences(stored) == preferences)
        #expect(NotificationPreferences(nil) == .standard)
        var unknown = stored
        unknown.events = #"["merge_conflict","no_such_event"]"#
        #expect(NotificationPreferences(unknown).events == [.mergeConflict], "unknown names are ignored")
    }
}
