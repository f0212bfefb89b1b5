using System.CommandLine;
using QuorumMonitor.Cli.Shards;

namespace QuorumMonitor.Cli.Commands;

/// <summary>
/// <c>monitor status</c>: one line per cluster from a running monitor; exits with its status (0-3). With several
/// <c>--url</c> (the shards of <c>monitor.shard</c>) the views are merged (<see cref="StatusMerge"/>): a monitor that
/// does not answer is named and makes the exit at least 3.
/// </summary>
public static class StatusCommand
{
    private const string DefaultUrl = "http://127.0.0.1:9464";

    /// <summary>A status is about 1 KiB per cluster: thousands of clusters per shard fit; an endless answer does not.</summary>
    private const int MaxStatusBytes = 64 * 1024 * 1024;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var url = new Option<string[]>("--url")
        {
            Description = "Base URL of a running monitor; repeat it to merge several monitors (every shard) into one view.",
            DefaultValueFactory = _ => [DefaultUrl],
            AllowMultipleArgumentsPerToken = false,
        };
        var color = new Option<string>("--color") { Description = "auto, always or never.", DefaultValueFactory = _ => "auto" };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var command = new Command("status", "One line per cluster, from a running monitor's API (several with --url repeated).") { url, color };
        command.SetAction(async (parse, ct) =>
        {
            var urls = parse.GetValue(url) is { Length: > 0 } given ? given : [DefaultUrl];
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10), MaxResponseContentBufferSize = MaxStatusBytes };
            var paint = Painter.For(parse.GetValue(color)!);
            if (urls.Length == 1)
            {
                return await OneAsync(http, urls[0], paint, output, error, ct).ConfigureAwait(false);
            }

            var answers = await Task.WhenAll(urls.Select(u => AskAsync(http, u, ct))).ConfigureAwait(false);
            var merged = StatusMerge.Of(answers);
            await output.WriteAsync(MergedStatusText.Format(merged, paint)).ConfigureAwait(false);
            return merged.ExitCode;
        });
        return command;
    }

    private static async Task<int> OneAsync(HttpClient http, string url, Painter paint, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var api = new MonitorApiClient(http, MonitorApiClient.Normalize(url));
        try
        {
            var report = await api.StatusAsync(ct).ConfigureAwait(false);
            await output.WriteAsync(TriageText.StatusLines(report, paint)).ConfigureAwait(false);
            return (int)report.Status;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidDataException)
        {
            await error.WriteLineAsync($"monitor: cannot read {url}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unknown;
        }
    }

    private static async Task<MonitorAnswer> AskAsync(HttpClient http, string url, CancellationToken ct)
    {
        try
        {
            return new MonitorAnswer(url, await new MonitorApiClient(http, MonitorApiClient.Normalize(url)).StatusAsync(ct).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidDataException or UriFormatException)
        {
            return MonitorAnswer.Unreachable(url, ex.Message);
        }
    }
}
