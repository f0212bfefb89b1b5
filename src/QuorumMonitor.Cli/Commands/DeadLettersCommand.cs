using System.CommandLine;
using System.Globalization;
using QuorumMonitor.Notify.Outbox;

namespace QuorumMonitor.Cli.Commands;

/// <summary>
/// <c>monitor deadletters list|retry|drop</c>: the notifications a receiver rejected as invalid, on a running
/// monitor. While any exist AlertDeliveryFailing fires; retrying (back into the queue) or dropping them is how a
/// human acknowledges it. Exit 0 on success, 3 when the monitor cannot be reached or has no such dead letter.
/// </summary>
public static class DeadLettersCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("deadletters", "Inspect, retry or drop notifications a receiver rejected (running monitor).");
        command.Subcommands.Add(List(output, error));
        command.Subcommands.Add(Mutate("retry", "Put dead letters back in their channel's queue.", "retried", output, error));
        command.Subcommands.Add(Mutate("drop", "Drop dead letters for good (acknowledges AlertDeliveryFailing).", "dropped", output, error));
        return command;
    }

    private static Option<string> UrlOption() =>
        new("--url") { Description = "Base URL of a running monitor.", DefaultValueFactory = _ => "http://127.0.0.1:9464" };

    private static Command List(TextWriter output, TextWriter error)
    {
        var url = UrlOption();
        var command = new Command("list", "One line per dead letter: seq, channel, action, incident, when, why.") { url };
        command.SetAction(async (parse, ct) => await WithApiAsync(parse.GetValue(url)!, error, async api =>
        {
            var letters = await api.DeadLettersAsync(ct).ConfigureAwait(false);
            if (letters.Count == 0)
            {
                await output.WriteLineAsync("no dead letters").ConfigureAwait(false);
            }

            foreach (var d in letters)
            {
                await output.WriteLineAsync(Line(d)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Mutate(string action, string description, string done, TextWriter output, TextWriter error)
    {
        var url = UrlOption();
        var seqs = new Argument<long[]>("seq") { Description = "Dead letter numbers (from 'list').", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Every dead letter." };
        var command = new Command(action, description) { seqs, all, url };
        command.SetAction(async (parse, ct) => await WithApiAsync(parse.GetValue(url)!, error, async api =>
        {
            var chosen = parse.GetValue(seqs) ?? [];
            if (parse.GetValue(all))
            {
                chosen = [.. (await api.DeadLettersAsync(ct).ConfigureAwait(false)).Select(d => d.Seq)];
            }
            else if (chosen.Length == 0)
            {
                await error.WriteLineAsync($"monitor: deadletters {action}: give dead letter numbers or --all").ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            foreach (var seq in chosen)
            {
                await api.DeadLetterActionAsync(seq, action, ct).ConfigureAwait(false);
                await output.WriteLineAsync($"{seq.ToString(CultureInfo.InvariantCulture)} {done}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }).ConfigureAwait(false));
        return command;
    }

    internal static string Line(DeadLetter d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.Seq} {d.Channel} {d.Action} {d.DedupKey} failed {d.FailedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}: {d.Reason}");

    private static async Task<int> WithApiAsync(string url, TextWriter error, Func<MonitorApiClient, Task<int>> run)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var api = new MonitorApiClient(http, MonitorApiClient.Normalize(url));
        try
        {
            return await run(api).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidDataException)
        {
            await error.WriteLineAsync($"monitor: deadletters: {url}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unknown;
        }
    }
}
