import Foundation
import OACModel
import OACOutput
import OACSupport

/// Writes the dashboards under `grafana/`: one per service (in its team's folder), one overview per team,
/// the platform dashboard, and the provisioning file that loads them with one Grafana folder per team.
public enum GrafanaRenderer: Renderer {
    /// One job per service dashboard, one per team overview, one for the platform dashboard and provisioning.
    public static func jobs(_ input: RenderInput) -> [RenderJob] {
        let model = input.model
        var jobs: [RenderJob] = []
        for service in model.services {
            jobs.append(
                RenderJob {
                    [
                        OutputFile(
                            path: Conventions.serviceDashboardPath(team: service.owner, service: service.name),
                            json: DashboardSources.routed(ServiceDashboard(model: model, service: service).build(), model))
                    ]
                })
        }
        for team in model.teams {
            jobs.append(
                RenderJob {
                    [
                        OutputFile(
                            path: Conventions.teamDashboardPath(team.name),
                            json: DashboardSources.routed(TeamDashboard(model: model, team: team).build(), model))
                    ]
                })
        }
        jobs.append(
            RenderJob {
                [
                    OutputFile(path: Conventions.platformDashboardPath, json: DashboardSources.routed(PlatformDashboard(model: model).build(), model)),
                    OutputFile(path: Conventions.grafanaProvisioningFile, contents: provisioning)
                ]
            })
        return jobs
    }

    /// Every dashboard with its path, sorted by path.
    public static func dashboards(_ model: Model) -> [(path: String, dashboard: GrafanaDashboard)] {
        var out: [(String, GrafanaDashboard)] = []
        for service in model.services {
            out.append(
                (
                    Conventions.serviceDashboardPath(team: service.owner, service: service.name),
                    DashboardSources.routed(ServiceDashboard(model: model, service: service).build(), model)
                ))
        }
        for team in model.teams {
            out.append((Conventions.teamDashboardPath(team.name), DashboardSources.routed(TeamDashboard(model: model, team: team).build(), model)))
        }
        out.append((Conventions.platformDashboardPath, DashboardSources.routed(PlatformDashboard(model: model).build(), model)))
        return out.sorted { $0.0 < $1.0 }
    }

    /// Grafana's file provider, reading the `grafana/` tree copied to `Conventions.grafanaDashboardsPath`;
    /// each sub-folder (a team, `platform`) becomes a Grafana folder.
    static var provisioning: String {
        var y = GeneratedHeader.yaml
        y += """
            # Copy the grafana/ folder of the oac output to \(Conventions.grafanaDashboardsPath) on the Grafana host
            # and this file to /etc/grafana/provisioning/dashboards/oac.yaml.
            apiVersion: 1
            providers:
              - name: oac
                orgId: 1
                type: file
                disableDeletion: false
                allowUiUpdates: false
                updateIntervalSeconds: 60
                options:
                  path: \(YAMLText.string(Conventions.grafanaDashboardsPath))
                  foldersFromFilesStructure: true

            """
        return y
    }
}
