using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Cli.Nagios;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Runtime;
using QuorumMonitor.Host;

namespace QuorumMonitor.Cli.Commands;

/// <summary><c>monitor check</c>: a few probe rounds, the rules, one verdict, a Nagios exit code.</summary>
public static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<FileInfo>("--config", "-c") { Description = "YAML config file.", Required = true };
        var format = new Option<string>("--format") { Description = "Output format: text, json or nagios (STATUS - summary | perfdata).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "nagios");
        var rounds = new Option<int?>("--rounds") { Description = "Probe rounds to run (default: monitor.confirmRounds, enough to confirm a state)." };
        var interval = new Option<string>("--interval") { Description = "Time between round starts, e.g. 1s or 500ms.", DefaultValueFactory = _ => "1s" };

        var command = new Command("check", "Probe every configured cluster, evaluate the rules, print the verdict; exit 0 ok, 1 warning, 2 critical, 3 unknown.")
        {
            config, format, rounds, interval,
        };
        command.SetAction(async (parse, ct) =>
        {
            var kind = parse.GetValue(format);
            try
            {
                var cfg = MonitorKinds.Config.LoadFile(parse.GetValue(config)!.FullName);
                var n = parse.GetValue(rounds) ?? cfg.Monitor.ConfirmRounds;
                if (n < 1)
                {
                    throw new ConfigException([new ConfigError("--rounds", 0, $"must be at least 1, got {n}")]);
                }

                if (!Durations.TryParse(parse.GetValue(interval), out var every))
                {
                    throw new ConfigException([new ConfigError("--interval", 0, $"'{parse.GetValue(interval)}' is not a duration like 500ms or 1s")]);
                }

                await using var services = new ServiceCollection().AddQuorumMonitor(cfg).AddKinds(MonitorKinds.All).Services.BuildServiceProvider();
                var report = await CheckRunner.RunAsync(services.GetRequiredService<MonitorPipeline>(), n, every, ct).ConfigureAwait(false);
                await WriteAsync(output, report, kind, cfg).ConfigureAwait(false);
                return (int)report.Status;
            }
            catch (ConfigException ex)
            {
                await CliApp.WriteConfigErrorsAsync(error, ex).ConfigureAwait(false);
                if (kind != "text")
                {
                    await WriteAsync(output, new StatusReport { Status = MonitorStatus.Unknown, Error = ex.Message }, kind, null).ConfigureAwait(false);
                }

                return ExitCodes.Unknown;
            }
        });
        return command;
    }

    private static async Task WriteAsync(TextWriter output, StatusReport report, string? kind, MonitorConfig? cfg)
    {
        if (kind == "json")
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, MonitorJson.Options)).ConfigureAwait(false);
        }
        else if (kind == "nagios")
        {
            await output.WriteAsync(NagiosText.Format(report, cfg)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteAsync(StatusText.Format(report)).ConfigureAwait(false);
        }
    }
}
