import Foundation
import OACSynthetic
import Testing

@Suite("Synthetic benchmark catalogs")
struct SyntheticCatalogTests {
    @Test("the same seed gives the same catalog, and it compiles and lints clean")
    func deterministicAndValid() throws {
        let a = SyntheticCatalog(services: 30).files(), b = SyntheticCatalog(services: 30).files()
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
}
