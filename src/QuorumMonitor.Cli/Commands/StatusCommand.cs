using System.CommandLine;

namespace QuorumMonitor.Cli.Commands;

/// <summary><c>monitor status</c>: one line per cluster from a running monitor; exits with its status (0-3).</summary>
public static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var url = new Option<string>("--url") { Description = "Base URL of a running monitor.", DefaultValueFactory = _ => "http://127.0.0.1:9464" };
        var color = new Option<string>("--color") { Description = "auto, always or never.", DefaultValueFactory = _ => "auto" };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var command = new Command("status", "One line per cluster, from a running monitor's API.") { url, color };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var api = new MonitorApiClient(http, MonitorApiClient.Normalize(parse.GetValue(url)!));
            try
            {
                var report = await api.StatusAsync(ct).ConfigureAwait(false);
                await output.WriteAsync(TriageText.StatusLines(report, Painter.For(parse.GetValue(color)!))).ConfigureAwait(false);
                return (int)report.Status;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidDataException)
            {
                await error.WriteLineAsync($"monitor: cannot read {parse.GetValue(url)}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Unknown;
            }
        });
        return command;
    }
}
