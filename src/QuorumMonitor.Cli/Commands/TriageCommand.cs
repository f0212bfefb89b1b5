using System.CommandLine;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Cli.Commands;

/// <summary><c>monitor triage [INCIDENT]</c>: root cause, symptoms, timeline and what to check next, from a running monitor.</summary>
public static class TriageCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var incident = new Argument<string?>("incident") { Description = "Incident id (default: every open incident, most severe first).", Arity = ArgumentArity.ZeroOrOne };
        var url = new Option<string>("--url") { Description = "Base URL of a running monitor.", DefaultValueFactory = _ => "http://127.0.0.1:9464" };
        var color = new Option<string>("--color") { Description = "auto, always or never.", DefaultValueFactory = _ => "auto" };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var command = new Command("triage", "Explain an incident: root cause, symptoms, timeline, next steps.") { incident, url, color };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var api = new MonitorApiClient(http, MonitorApiClient.Normalize(parse.GetValue(url)!));
            StatusReport report;
            try
            {
                report = await api.StatusAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidDataException)
            {
                await error.WriteLineAsync($"monitor: cannot read {parse.GetValue(url)}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            var id = parse.GetValue(incident);
            var chosen = id is null
                ? report.Incidents.Where(i => i.State == IncidentState.Open).ToList()
                : report.Incidents.Where(i => i.Id == id).ToList();
            if (id is not null && chosen.Count == 0)
            {
                await error.WriteLineAsync($"monitor: no incident '{id}'; open: {string.Join(", ", report.Incidents.Select(i => i.Id))}").ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            // Whoever triages a failure wants to know which restarts were planned, and which were refused.
            var permits = TriageText.PermitLines(report.Permits);
            if (chosen.Count == 0)
            {
                await output.WriteLineAsync("No open incidents.").ConfigureAwait(false);
                await output.WriteAsync(permits).ConfigureAwait(false);
                return (int)report.Status;
            }

            var paint = Painter.For(parse.GetValue(color)!);
            foreach (var i in chosen)
            {
                await output.WriteLineAsync(TriageText.Incident(i, report.GeneratedAt, paint)).ConfigureAwait(false);
            }

            await output.WriteAsync(permits).ConfigureAwait(false);

            return (int)report.Status;
        });
        return command;
    }
}
