import Foundation
import OACModel
import Testing

@testable import OACReport

/// Long report templates are parsed as parts (`TemplateParts`), which must render exactly what the whole
/// template renders.
@Suite("Report template parts")
struct TemplatePartsTests {
    static func view() throws -> [String: Any] {
        let model = try ReportFixtures.model(serviceDescription: "Checkout <API> & \"more\"")
        var days = ReportFixtures.flat(good: 99_990, total: 100_000)
        days[44] = (good: 90_000, total: 100_000)
        let card = ScorecardBuilder(model: model).build(
            data: ReportFixtures.snapshot(["checkout/availability": days, "checkout/errors": ReportFixtures.flat(good: 995, total: 1_000)]),
            previous: nil, incidents: ReportIncident.merge(catalog: model.incidents, exported: []))
        return ReportView.build(card, charts: [:], oacVersion: "t")
    }

    /// Templates whose standalone lines, indentation, whitespace and sections a careless cut would change.
    static let tricky: [String: String] = [
        "index": """
        <h1>{{title}}</h1>
          {{> list}}
        {{#groups}}
        {{#teams}}  [{{name}}]
          {{#slos}}
            {{service}} {{slo}}
            {{! a comment }}
          {{^met}}missed{{/met}}{{service}}
          {{/slos}}
        {{/teams}}
        {{/groups}}
        {{title}}{{title}}
        {{#groups}}{{! c }}
        {{/groups}}
        {{title}}   {{#groups}}x{{/groups}}
        {{title}}\r
          {{#groups}}\r
        {{title}}{{/groups}}
        """,
        "list": """
        {{#groups}}
          {{#teams}}
          - {{name}}: {{title}}
            {{> item}}
          {{/teams}}
        {{/groups}}
        end {{title}}
        """,
        "item": "{{#slos}}\n  * {{service}}\n  {{/slos}}\n{{title}} {{{title}}} {{&title}}"
    ]

    @Test("templates cut into parts of two tags render byte for byte what the whole templates render")
    func sameOutput() throws {
        let view = try Self.view()
        for sources in [DefaultTemplates.sources, Self.tricky] {
            let templates = ReportTemplates(sources: sources)
            let whole = try templates.render(view, partTags: Int.max)
            for size in [2, 3, 5] {
                #expect(TemplateParts.split(sources, maxTags: size).sources.count > sources.count, "nothing was cut at \(size)")
                let parts = try templates.render(view, partTags: size)
                #expect(parts == whole, "cut into parts of \(size) tags")
            }
        }
    }

    @Test("a template of 200,000 tags, flat or in a section, is parsed as parts of a few hundred tags")
    func boundedParts() throws {
        let flat = String(repeating: "<p>{{title}}</p>\n", count: 200_000)
        let nested = "{{#groups}}" + String(repeating: "{{#teams}}{{name}}{{/teams}} {{title}}, ", count: 66_667) + "{{/groups}}"
        for text in [flat, nested] {
            let (parts, largest) = TemplateParts.split(["index": text])
            // Parsing one template costs time in (its tags)²: what stays in a template (a prefix, the inclusions, a
            // suffix) or goes to a part is bounded by a small multiple of maxTagsPerPart, whatever the size.
            #expect(largest <= 3 * TemplateParts.maxTagsPerPart)
            #expect(parts.count >= 200_000 / TemplateParts.maxTagsPerPart)
        }
    }

    @Test("templates that change delimiters or use blocks stay whole, and beyond 20,000 tags are refused")
    func unsplittable() throws {
        let text = "{{=<% %>=}}" + String(repeating: "<%title%>", count: TemplateCheck.maxTagsWhole)
        #expect(TemplateParts.split(["index": text]).largest == TemplateCheck.maxTagsWhole + 1)
        #expect(throws: ReportTemplates.TemplateError.self) { try ReportTemplates(sources: ["index": text]).render(["title": "t"]) }
    }
}
