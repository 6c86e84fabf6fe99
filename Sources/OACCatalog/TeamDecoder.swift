import Foundation
import OACDiagnostics
import OACModel

/// `kind: Team` and its receivers (tables in Schema+Team.swift).
extension DocumentDecoder {
    // MARK: - Team

    func team(_ node: YAMLNode?, name: Located<String>, location: SourceLocation) -> TeamSpec? {
        var t = TeamSpec(name: name, location: location)
        guard let node else { return t }
        guard let f = reader.fields(node, path: "spec", table: Schema.team) else {
            return nil
        }
        t.description = reader.string(f, "description")?.value
        t.lokiTenant = reader.string(f, "lokiTenant")
        if let tenant = t.lokiTenant, !isValidTenant(tenant.value) {
            reader.diagnostics.error(
                "`spec.lokiTenant` `\(tenant.value)` is not a valid Loki tenant id",
                rule: CheckID.invalidName, at: tenant.location,
                hint: "use letters, digits and ! - _ . * ' ( ), at most 150 characters")
        }
        if let pn = reader.value(f, "page") { t.page = receiver(pn, path: "spec.page") }
        if let tn = reader.value(f, "ticket") { t.ticket = receiver(tn, path: "spec.ticket") }
        t.timeZone = reader.string(f, "timeZone")
        if let wn = reader.value(f, "workingHours"), let wf = reader.fields(wn, path: "spec.workingHours", table: Schema.workingHours) {
            var hours = WorkingHoursSpec(location: wf.location)
            if let days = reader.stringList(wf, "days") {
                var parsed: [Weekday] = []
                for d in days {
                    if let day = Weekday(rawValue: d.value) {
                        if !parsed.contains(day) { parsed.append(day) }
                    } else {
                        invalidChoice(d, path: "spec.workingHours.days", choices: Weekday.allCases.map(\.rawValue))
                    }
                }
                // Only unknown days: already reported, not "no day" as well.
                hours.days = parsed.isEmpty && !days.isEmpty ? nil : parsed
                hours.daysLocation = wf.entries["days"].map { reader.location($0.value) } ?? wf.location
            }
            hours.start = reader.string(wf, "start")
            hours.end = reader.string(wf, "end")
            t.workingHours = hours
        }
        return t
    }

    func isValidTenant(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 150, s != ".", s != ".." else { return false }
        return s.unicodeScalars.allSatisfy {
            $0.isASCII
                && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                    || "!-_.*'()".unicodeScalars.contains($0))
        }
    }

    func receiver(_ node: YAMLNode, path: String) -> ReceiverSpec? {
        let kinds = Schema.receiver.allowed
        guard let f = reader.fields(node, path: path, table: Schema.receiver) else { return nil }
        guard f.entries.count == 1, let (kind, entry) = f.entries.first else {
            // An unsupported receiver (`opsgenie:`) alone is reported once, as the unknown key it is.
            if f.entries.isEmpty, case .mapping(let m) = node, m.count > 0 { return nil }
            reader.diagnostics.error(
                "`\(path)` must name exactly one receiver (\(kinds.joined(separator: ", ")))",
                rule: f.entries.isEmpty ? CheckID.missingField : CheckID.invalidValue, at: f.location)
            return nil
        }
        let sub = "\(path).\(kind)"
        switch kind {
        case "pagerduty":
            guard let rf = reader.fields(entry.value, path: sub, table: Schema.pagerduty) else { return nil }
            let inline = rejectInlineSecrets(rf, table: Schema.pagerduty)
            guard let file = requiredFile(rf, "routingKeyFile", inline: inline) else { return nil }
            return ReceiverSpec(location: f.location, receiver: .pagerduty(routingKeyFile: file.value))
        case "slack":
            guard let rf = reader.fields(entry.value, path: sub, table: Schema.slack),
                let channel = reader.string(rf, "channel")
            else { return nil }
            let inline = rejectInlineSecrets(rf, table: Schema.slack)
            guard let file = requiredFile(rf, "apiURLFile", inline: inline) else { return nil }
            return ReceiverSpec(location: f.location, receiver: .slack(channel: channel.value, apiURLFile: file.value))
        case "email":
            guard let rf = reader.fields(entry.value, path: sub, table: Schema.email),
                let to = reader.string(rf, "to")
            else { return nil }
            if !to.value.contains("@") || to.value.contains(where: { $0.isNewline || $0 == " " }) {
                reader.diagnostics.error(
                    "`\(sub).to` is not an email address: `\(to.value)`", rule: CheckID.invalidValue,
                    at: to.location)
            }
            return ReceiverSpec(location: f.location, receiver: .email(to: to.value))
        case "opsgenie":
            guard let rf = reader.fields(entry.value, path: sub, table: Schema.opsgenie) else { return nil }
            let inline = rejectInlineSecrets(rf, table: Schema.opsgenie)
            guard let file = requiredFile(rf, "apiKeyFile", inline: inline) else { return nil }
            return ReceiverSpec(location: f.location, receiver: .opsgenie(apiKeyFile: file.value))
        case "msteams", "discord":
            let table = kind == "msteams" ? Schema.msteams : Schema.discord
            guard let rf = reader.fields(entry.value, path: sub, table: table) else { return nil }
            let inline = rejectInlineSecrets(rf, table: table)
            guard let file = requiredFile(rf, "webhookURLFile", inline: inline) else { return nil }
            return ReceiverSpec(
                location: f.location,
                receiver: kind == "msteams"
                    ? .msteams(webhookURLFile: file.value)
                    : .discord(webhookURLFile: file.value))
        case "telegram":
            guard let rf = reader.fields(entry.value, path: sub, table: Schema.telegram) else { return nil }
            let inline = rejectInlineSecrets(rf, table: Schema.telegram)
            let chat = reader.int(rf, "chatID", min: Int.min)
            let file = requiredFile(rf, "botTokenFile", inline: inline)
            guard let chat, let file else { return nil }
            return ReceiverSpec(location: f.location, receiver: .telegram(botTokenFile: file.value, chatID: Int64(chat.value)))
        case "webex":
            guard let rf = reader.fields(entry.value, path: sub, table: Schema.webex) else { return nil }
            let inline = rejectInlineSecrets(rf, table: Schema.webex)
            let room = reader.string(rf, "roomID")
            let file = requiredFile(rf, "botTokenFile", inline: inline)
            guard let room, let file else { return nil }
            return ReceiverSpec(location: f.location, receiver: .webex(roomID: room.value, botTokenFile: file.value))
        default:
            guard let rf = reader.fields(entry.value, path: sub, table: Schema.webhook)
            else { return nil }
            rejectInlineSecrets(rf, table: Schema.webhook)
            let url = reader.string(rf, "url")
            let urlFile = reader.string(rf, "urlFile")
            if let url { checkURL(url, path: "\(sub).url") }
            if (url == nil) == (urlFile == nil) {
                reader.diagnostics.error(
                    "`\(sub)` needs exactly one of `url` (no credentials in it) or `urlFile`",
                    rule: url == nil ? CheckID.missingField : CheckID.invalidValue, at: rf.location)
                return nil
            }
            return ReceiverSpec(
                location: f.location,
                receiver: .webhook(
                    url: url?.value, urlFile: urlFile?.value,
                    bearerTokenFile: reader.string(rf, "bearerTokenFile")?.value))
        }
    }
}
