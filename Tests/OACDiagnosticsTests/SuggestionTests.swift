import Testing

@testable import OACDiagnostics

@Suite("Did-you-mean suggestions")
struct SuggestionTests {
    @Test("a close misspelling suggests the candidate; a far one suggests nothing")
    func closest() {
        #expect(Suggestion.closest(to: "objetive", in: ["objective", "window", "sli"]) == "objective")
        #expect(Suggestion.closest(to: "zzzzzz", in: ["objective", "window"]) == nil)
        #expect(Suggestion.closest(to: "Servce", in: ["Service", "Team"]) == "Service")
        #expect(Suggestion.closest(to: "SERVICE", in: ["service"], ignoringCase: true) == "service")
        #expect(Suggestion.closest(to: "SERVICE", in: ["service"]) == nil)
    }

    @Test("edit distance counts insertions, deletions and substitutions; huge inputs are not compared")
    func distance() {
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
        #expect(Suggestion.editDistance(String(repeating: "a", count: 300), "a") == 300)
    }
}
