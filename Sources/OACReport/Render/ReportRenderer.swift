import Foundation
import Mustache
import OACModel
import OACOutput
import OACSupport

/// Renders a `Scorecard` into the report folder: `index.html` (Mustache templates, charts inlined),
/// one SVG per chart, `summary.json` and `summary.md`. Text only; the CLI writes the files.
public struct ReportRenderer: Sendable {
    public var templates: ReportTemplates
    public var oacVersion: String

    public init(templates: ReportTemplates = .defaults, oacVersion: String) {
        self.templates = templates
        self.oacVersion = oacVersion
    }

    public static let indexFile = "index.html"
    public static let summaryJSONFile = "summary.json"
    public static let summaryMarkdownFile = "summary.md"
    public static let calendarFile = "calendar.svg"
    public static let burnDownFile = "burn-down.svg"
    public static let severityFile = "incidents-by-severity.svg"
    public static let costTeamFile = "cost-by-team.svg"
    public static let costTierFile = "cost-by-tier.svg"
    /// Names never contain a dot, so `service.slo` is unique.
    public static func bulletFile(_ s: SLOResult) -> String { "bullet-\(s.service).\(s.slo).svg" }

    public func render(_ card: Scorecard) throws -> [OutputFile] { try renderChecked(card).files }

    /// `render`, with the template tags that name no value of the report data (they render empty).
    public func renderChecked(_ card: Scorecard) throws -> (files: [OutputFile], warnings: [TemplateWarning]) {
        var files: [OutputFile] = []
        var charts: [String: String] = [:]
        func chart(_ name: String, _ svg: SVG?) {
            guard let svg else { return }
            let text = svg.render()
            files.append(OutputFile(path: name, contents: text))
            charts[name] = text
        }
        chart(Self.calendarFile, Charts.calendar(card))
        chart(Self.burnDownFile, Charts.burnDown(card))
        chart(
            Self.severityFile,
            Charts.bars(
                title: "Incidents by severity, \(card.quarter)",
                rows: card.incidents.bySeverity.map {
                    ($0.severity.rawValue, Double($0.count), "\($0.count)", Palette.severity($0.severity.rawValue))
                }))
        chart(
            Self.costTeamFile,
            Charts.bars(
                title: "Monthly monitoring cost by team",
                rows: card.cost.byTeam.map {
                    ($0.team, $0.monthly.double, Format.money($0.monthly, card.cost.currency), Palette.accent)
                }))
        chart(
            Self.costTierFile,
            Charts.bars(
                title: "Monthly monitoring cost by tier",
                rows: card.cost.byTier.map {
                    ($0.tier, $0.monthly.double, Format.money($0.monthly, card.cost.currency), Palette.accent)
                }))
        for s in card.slos { chart(Self.bulletFile(s), Charts.bullet(s)) }

        var view = ReportView.build(card, charts: charts, oacVersion: oacVersion)
        view["drills"] = ReportView.drills(card)
        view["debt"] = ReportView.debt(card)
        let narrative = Narrative.sentences(card)
        view["narrative"] = ["sentences": narrative, "text": narrative.joined(separator: " "), "any": !narrative.isEmpty] as [String: Any]
        let html = try templates.render(view)
        files.append(OutputFile(path: Self.indexFile, contents: html))
        files.append(OutputFile(path: Self.summaryJSONFile, contents: SummaryJSON(card, oacVersion: oacVersion).encoded()))
        files.append(OutputFile(path: Self.summaryMarkdownFile, contents: SummaryMarkdown.render(card)))
        return (files.sorted { $0.path < $1.path }, TemplateCheck.unknownNames(templates.sources, view: view))
    }
}

/// The Mustache templates of the report: `index` (the page) and the partials it includes. A company restyles
/// the report by copying `templates/report/`, editing it and passing `--templates DIR`.
public struct ReportTemplates: Sendable {
    /// Template name (file name without `.mustache`) → text.
    public var sources: [String: String]

    public init(sources: [String: String]) { self.sources = sources }

    /// The templates shipped in `templates/report/`, compiled into the binary so it runs from anywhere.
    public static var defaults: ReportTemplates { ReportTemplates(sources: DefaultTemplates.sources) }

    public struct TemplateError: Error, CustomStringConvertible {
        public var description: String
    }

    public func render(_ view: [String: Any]) throws -> String { try render(view, partTags: TemplateParts.maxTagsPerPart) }

    func render(_ view: [String: Any], partTags: Int) throws -> String {
        try TemplateCheck.check(sources)
        // Long templates are parsed as parts of a few hundred tags: the engine's parser takes time in the
        // square of one template's tags.
        let (parts, largest) = TemplateParts.split(sources, maxTags: partTags)
        if largest > TemplateCheck.maxTagsWhole {
            throw TemplateError(
                description:
                    "a template holds \(largest) tags that cannot be split into parts (it changes delimiters, uses blocks, or has no variable tag to cut after); at most \(TemplateCheck.maxTagsWhole) are read"
            )
        }
        var library = MustacheLibrary()
        for name in parts.keys.sorted() {
            do {
                try library.register(parts[name]!, named: name)
            } catch let e as MustacheTemplate.ParserError {
                throw TemplateError(description: "template \(name).mustache:\(e.context.lineNumber):\(e.context.columnNumber): \(e.error)")
            }
        }
        guard sources["index"] != nil, let html = library.render(view, withTemplate: "index") else {
            throw TemplateError(description: "the templates have no index.mustache")
        }
        return html
    }
}
