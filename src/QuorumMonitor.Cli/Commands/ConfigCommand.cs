using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Cli.ConfigCheck;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Runtime;
using QuorumMonitor.Host;

namespace QuorumMonitor.Cli.Commands;

/// <summary>
/// <c>monitor config check FILE...</c>: validates each file as start-up does and prints what it would run, like
/// <c>promtool check config</c>. Nothing is probed: the runtime's units are built, never started. Exit 0 when every
/// file is valid, 3 when any is not (the others are still checked and printed).
/// </summary>
public static class ConfigCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "YAML config files to check.", Arity = ArgumentArity.OneOrMore };
        var check = new Command("check", "Validate config files as start-up does and print what each would run: clusters and probe units, rules and thresholds, "
            + "routes and channels (secrets masked); exit 0 valid, 3 invalid.")
        {
            files,
        };
        check.SetAction(async (parse, ct) =>
        {
            var exit = ExitCodes.Ok;
            foreach (var file in parse.GetValue(files)!)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var cfg = MonitorKinds.Config.LoadFile(file.FullName);
                    await using var services = new ServiceCollection().AddQuorumMonitor(cfg).AddKinds(MonitorKinds.All).Services.BuildServiceProvider();
                    var units = services.GetServices<IClusterMonitor>();
                    await output.WriteAsync(ConfigReport.Format(file.FullName, cfg, units)).ConfigureAwait(false);
                }
                catch (ConfigException ex)
                {
                    await error.WriteLineAsync($"monitor: invalid config {file.FullName}:").ConfigureAwait(false);
                    foreach (var e in ex.Errors)
                    {
                        await error.WriteLineAsync($"  {e}").ConfigureAwait(false);
                    }

                    exit = ExitCodes.Unknown;
                }
            }

            return exit;
        });
        return new Command("config", "Work with config files.") { check };
    }
}
