import Foundation
import OACReport
import OACSynthetic
import Testing

@Suite("Synthetic benchmark catalogs")
struct SyntheticCatalogTests {
    @Test("the same seed gives the same catalog, and it compiles and lints clean")
    func deterministicAndValid() throws {
        let a = SyntheticCatalog(services: 30).files()
        let b = SyntheticCatalog(services: 30).files()
        #expect(a.map(\.name) == b.map(\.name))
        #expect(a.map(\.contents) == b.map(\.contents))
        #expect(SyntheticCatalog(services: 30, seed: 7).files().map(\.contents) != a.map(\.contents))
        let dir = try TestSupport.temporaryDirectory("synthetic")
        try SyntheticCatalog(services: 30).write(to: dir)
        let check = try TestSupport.oac(["check", dir.path])
        #expect(check.status == 0, "\(check.stdout)")
        let lint = try TestSupport.oac(["lint", dir.path])
        #expect(lint.status == 0, "\(lint.stdout)")
    }

    @Test("the synthetic snapshot is deterministic, valid, covers every SLO, and `oac report` renders it")
    func snapshot() throws {
        let catalog = SyntheticCatalog(services: 30)
        let text = SyntheticSnapshot(catalog: catalog).json()
        #expect(text == SyntheticSnapshot(catalog: catalog).json())
        #expect(text != SyntheticSnapshot(catalog: catalog, seed: 7).json())
        let snapshot = try Snapshot.decode(Data(text.utf8))
        #expect(snapshot.quarter.description == "2026-Q3")
        #expect(snapshot.through.description == "2026-09-30")
        let ids = snapshot.slos.map { "\($0.service)/\($0.slo)" }
        #expect(ids == catalog.slos().map { "\($0.service)/\($0.name)" }.sorted())
        #expect(ids.count == 90)
        // Objectives as the catalog writes them; a full quarter unless a gap was drawn.
        for (s, c) in zip(snapshot.slos, catalog.slos().sorted { ($0.service, $0.name) < ($1.service, $1.name) }) {
            #expect(s.objective == Double(c.objective))
            #expect(s.days.count <= 92 && s.days.count >= 89)
        }
        #expect(snapshot.slos.contains { $0.days.contains { $0.good < $0.total } })
        // Written as `oac snapshot` writes it: sorted keys, two-space indentation, so it re-encodes to itself.
        let encoded = snapshot.encoded().split(separator: "\n", omittingEmptySubsequences: false)
        let written = text.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = zip(encoded, written).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(
            encoded.count == written.count && firstDifference == nil,
            "line \(firstDifference.map { $0.offset + 1 } ?? 0): \(firstDifference.map { "\($0.element.0) vs \($0.element.1)" } ?? "")")

        let dir = try TestSupport.temporaryDirectory("synthetic-report")
        try catalog.write(to: dir.appendingPathComponent("catalog"))
        let file = dir.appendingPathComponent("2026-Q3.snapshot.json")
        try SyntheticSnapshot(catalog: catalog).write(to: file)
        let report = try TestSupport.oac([
            "report", dir.appendingPathComponent("catalog").path, "--quarter", "2026-Q3",
            "--snapshot", file.path, "--out", dir.appendingPathComponent("out").path
        ])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/index.html").path))
    }
}
