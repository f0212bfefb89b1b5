using System.CommandLine;
using System.Globalization;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Cli.Commands;

/// <summary>
/// <c>monitor permit acquire|release|list</c>: restart permits for Chef, Ansible and shell. acquire exits 0 when
/// granted, 1 when refused (or still refused when <c>--wait</c> ran out), 3 on any error (unreachable, bad token), so
/// <c>monitor permit acquire --wait 30m ... &amp;&amp; systemctl restart zookeeper</c> restarts only when allowed.
/// The token comes from <c>--token-file</c> or the <see cref="TokenEnv"/> environment variable, never the command line.
/// </summary>
public static class PermitCommand
{
    public const string TokenEnv = "QUORUM_MONITOR_TOKEN";

    /// <summary>How often a refused <c>--wait</c> asks again: a restart takes seconds, and asking is cheap.</summary>
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("permit", "Ask a running monitor for leave to restart one cluster member (restart permits).");
        command.Subcommands.Add(Acquire(output, error));
        command.Subcommands.Add(Release(output, error));
        command.Subcommands.Add(List(output, error));
        return command;
    }

    private static Option<string> UrlOption() =>
        new("--url") { Description = "Base URL of a running monitor.", DefaultValueFactory = _ => "http://127.0.0.1:9464" };

    private static Option<string?> TokenFileOption() =>
        new("--token-file") { Description = $"File whose first line is an API token (default: the {TokenEnv} environment variable)." };

    private static Command Acquire(TextWriter output, TextWriter error)
    {
        var url = UrlOption();
        var tokenFile = TokenFileOption();
        var cluster = new Option<string>("--cluster") { Description = "Cluster name, as in the monitor's config.", Required = true };
        var member = new Option<string>("--member") { Description = "The member to restart (host:port, as the monitor lists it).", Required = true };
        var wait = new Option<string?>("--wait") { Description = "Keep asking while refused, for up to this long (e.g. 30m)." };
        var ttl = new Option<string?>("--ttl") { Description = "The lease (default: the monitor's permits.ttl, 15m)." };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit log and the status page.", DefaultValueFactory = _ => "restart" };
        var holder = new Option<string>("--holder") { Description = "Who holds it (default: user@host).", DefaultValueFactory = _ => $"{Environment.UserName}@{Environment.MachineName}" };
        var force = new Option<bool>("--force") { Description = "Take a member no permit covers otherwise (a MySQL primary); needs --reason. Logged and shown." };
        var command = new Command("acquire", "Wait for and take a permit; exit 0 granted, 1 refused, 3 error.") { cluster, member, wait, ttl, reason, holder, force, url, tokenFile };
        command.SetAction(async (parse, ct) =>
        {
            TimeSpan waitFor = TimeSpan.Zero;
            if (parse.GetValue(wait) is { } w && !Durations.TryParse(w, out waitFor))
            {
                await error.WriteLineAsync($"monitor: permit acquire: --wait '{w}' is not a duration such as 30s, 15m or 1h").ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            if (parse.GetValue(ttl) is { } t && !Durations.TryParse(t, out _))
            {
                await error.WriteLineAsync($"monitor: permit acquire: --ttl '{t}' is not a duration such as 30s, 15m or 1h").ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            var forced = parse.GetValue(force);
            if (forced && parse.GetResult(reason) is not { Implicit: false })
            {
                await error.WriteLineAsync("monitor: permit acquire: --force needs --reason (it is logged and shown with the permit)").ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            var body = new PermitBody(parse.GetValue(cluster)!, parse.GetValue(member)!, parse.GetValue(ttl), parse.GetValue(holder)!, parse.GetValue(reason)!, forced ? true : null);
            return await WithApiAsync(parse.GetValue(url)!, parse.GetValue(tokenFile), error, async api =>
            {
                var until = TimeProvider.System.GetUtcNow() + waitFor;
                while (true)
                {
                    var (permit, refusal, remedy) = await api.AcquireAsync(body, ct).ConfigureAwait(false);
                    if (permit is not null)
                    {
                        await output.WriteLineAsync(Line(permit)).ConfigureAwait(false);
                        return ExitCodes.Ok;
                    }

                    if (TimeProvider.System.GetUtcNow() + RetryEvery > until)
                    {
                        await output.WriteLineAsync($"refused: {refusal}{(remedy is null ? "" : $" ({remedy})")}").ConfigureAwait(false);
                        return ExitCodes.Warning;
                    }

                    await Task.Delay(RetryEvery, ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Release(TextWriter output, TextWriter error)
    {
        var url = UrlOption();
        var tokenFile = TokenFileOption();
        var id = new Argument<long>("id") { Description = "The permit's number (from acquire or list)." };
        var command = new Command("release", "Give a permit back early (the monitor also ends it when the member serves again).") { id, url, tokenFile };
        command.SetAction(async (parse, ct) => await WithApiAsync(parse.GetValue(url)!, parse.GetValue(tokenFile), error, async api =>
        {
            await output.WriteLineAsync(Line(await api.ReleaseAsync(parse.GetValue(id), ct).ConfigureAwait(false))).ConfigureAwait(false);
            return ExitCodes.Ok;
        }).ConfigureAwait(false));
        return command;
    }

    private static Command List(TextWriter output, TextWriter error)
    {
        var url = UrlOption();
        var command = new Command("list", "One line per permit, held and recently ended.") { url };
        command.SetAction(async (parse, ct) => await WithApiAsync(parse.GetValue(url)!, null, error, async api =>
        {
            var permits = await api.ListAsync(ct).ConfigureAwait(false);
            if (permits.Count == 0)
            {
                await output.WriteLineAsync("no permits").ConfigureAwait(false);
            }

            foreach (var p in permits)
            {
                await output.WriteLineAsync(Line(p)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, needsToken: false).ConfigureAwait(false));
        return command;
    }

    /// <summary>The id first, so a script can <c>cut -d' ' -f1</c> it.</summary>
    internal static string Line(Permit p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Id} {p.State.ToString().ToLowerInvariant()}{(p.Forced ? " forced" : "")} {p.Cluster} {p.Member} until {p.ExpiresAt:yyyy-MM-dd'T'HH:mm:ss'Z'} held by {p.Holder}: {p.Reason}{(p.EndReason is null ? "" : $" ({p.EndReason})")}");

    private static async Task<int> WithApiAsync(string url, string? tokenFile, TextWriter error, Func<PermitApiClient, Task<int>> run, bool needsToken = true)
    {
        string? token;
        try
        {
            token = needsToken ? ReadToken(tokenFile) : null;
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"monitor: permit: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unknown;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var api = new PermitApiClient(http, MonitorApiClient.Normalize(url), token);
        try
        {
            return await run(api).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidDataException)
        {
            await error.WriteLineAsync($"monitor: permit: {url}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unknown;
        }
    }

    private static string ReadToken(string? tokenFile)
    {
        string? token;
        if (tokenFile is not null)
        {
            try
            {
                using var reader = new StreamReader(tokenFile);
                token = reader.ReadLine();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"cannot read --token-file '{tokenFile}': {ex.GetType().Name}", ex);
            }
        }
        else
        {
            token = Environment.GetEnvironmentVariable(TokenEnv);
        }

        return token?.Trim() is { Length: > 0 } t
            ? t
            : throw new InvalidOperationException($"no API token: give --token-file or set {TokenEnv}");
    }
}
