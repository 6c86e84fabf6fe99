import Foundation
import OACDiagnostics
import OACModel
import OACReport
import Testing

@Suite("PagerDuty CSV")
struct PagerDutyCSVTests {
    @Test("an Incidents page export maps: number, title, service, times, priority")
    func incidentsPage() throws {
        let model = try ReportFixtures.model()
        let csv = """
            Incident Number,Title,Service Name,Urgency,Priority Name,Created On,Acknowledged On,Resolved On,Status
            1234,"Checkout 5xx, all regions",checkout,high,P1,2026-08-14T14:30:00Z,2026-08-14T14:40:00Z,2026-08-14T16:00:00Z,resolved
            1235,"Batch ""nightly"" failed",batch,low,,2026-08-20 03:00:00 UTC,,2026-08-20 05:00:00 UTC,resolved

            """
        let result = PagerDutyCSV.parse(csv, path: "pd.csv", model: model)
        #expect(result.diagnostics.isEmpty)
        #expect(result.incidents.count == 2)
        let a = result.incidents[0].incident
        #expect(a.id == "PD-1234")
        #expect(a.title == "Checkout 5xx, all regions")
        #expect(a.services == ["checkout"])
        #expect(a.severity == .sev1)
        #expect(a.acknowledged == ReportFixtures.date("2026-08-14T14:40:00Z"))
        #expect(a.resolved == ReportFixtures.date("2026-08-14T16:00:00Z"))
        #expect(result.incidents[0].startKnown == false)  // no MTTD from an export
        let b = result.incidents[1].incident
        #expect(b.title == "Batch \"nightly\" failed")
        #expect(b.severity == .sev3)  // no priority, low urgency
        #expect(b.started == ReportFixtures.date("2026-08-20T03:00:00Z"))
    }

    @Test("an Analytics export maps seconds to first ack and to resolve")
    func analytics() throws {
        let model = try ReportFixtures.model()
        let csv =
            "id,incident_number,description,service_name,urgency,created_at,seconds_to_first_ack,seconds_to_resolve\n"
            + "Q1ABC,77,disk full,checkout,high,2026-09-01T00:00:00+02:00,300,3600\n"
        let result = PagerDutyCSV.parse(csv, path: "pd.csv", model: model)
        let i = try #require(result.incidents.first?.incident)
        #expect(i.id == "PD-77")
        #expect(i.severity == .sev2)  // high urgency, no priority
        #expect(i.started == ReportFixtures.date("2026-08-31T22:00:00Z"))
        #expect(i.acknowledged == ReportFixtures.date("2026-08-31T22:05:00Z"))
        #expect(i.resolved == ReportFixtures.date("2026-08-31T23:00:00Z"))
    }

    @Test("bad rows are diagnostics at file:line:column and the good rows still count")
    func badRows() throws {
        let model = try ReportFixtures.model()
        let csv = """
            incident_number,title,service_name,created_on,resolved_on
            1,fine,checkout,2026-08-01T00:00:00Z,2026-08-01T01:00:00Z
            2,bad date,checkout,yesterday,2026-08-01T01:00:00Z
            3,"multi
            line title",checkout,2026-08-02T00:00:00Z,not-a-date
            4,no created,checkout,,2026-08-01T01:00:00Z
            5,unknown service,payments,2026-08-03T00:00:00Z,2026-08-03T01:00:00Z
            6,backwards,checkout,2026-08-03T00:00:00Z,2026-08-02T01:00:00Z
            """
        let result = PagerDutyCSV.parse(csv, path: "pd.csv", model: model)
        #expect(result.incidents.map(\.incident.id) == ["PD-1", "PD-5"])
        let found = result.diagnostics.sorted.map { "\($0.location!):\($0.severity.rawValue):\($0.ruleID)" }
        #expect(
            found == [
                "pd.csv:3:21:error:incident-csv",
                "pd.csv:5:43:error:incident-csv",
                "pd.csv:6:1:error:incident-csv",
                "pd.csv:7:19:warning:unknown-service",
                "pd.csv:8:43:error:incident-csv"
            ])
    }

    @Test("a file without a creation time column is one clear error")
    func missingColumn() throws {
        let model = try ReportFixtures.model()
        let result = PagerDutyCSV.parse("name,when\nx,y\n", path: "pd.csv", model: model)
        #expect(result.incidents.isEmpty)
        #expect(result.diagnostics.items.count == 1)
        #expect(result.diagnostics.items[0].message.contains("no creation time column"))
    }
}
