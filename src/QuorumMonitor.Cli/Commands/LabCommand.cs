using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;

namespace QuorumMonitor.Cli.Commands;

/// <summary>
/// <c>monitor lab</c>: starts real servers on loopback, writes a config for them, runs the monitor on it and prints
/// the status page URL. Every server is killed by pid when the lab stops (Ctrl+C or SIGTERM).
/// </summary>
public static class LabCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var urls = new Option<string>("--urls") { Description = "Listen URL of the monitor.", DefaultValueFactory = _ => "http://127.0.0.1:9464" };
        var zkMembers = new Option<int>("--zk-members") { Description = "Members of the ZooKeeper ensemble (1-9).", DefaultValueFactory = _ => 3 };
        var interval = new Option<string>("--interval") { Description = "Probe interval.", DefaultValueFactory = _ => "2s" };
        var mysql = new Option<bool>("--mysql") { Description = "Also start a MariaDB primary + replica (true or false).", DefaultValueFactory = _ => true };
        var kafka = new Option<bool>("--kafka") { Description = "Also start a Kafka mock cluster (true or false).", DefaultValueFactory = _ => true };
        var galera = new Option<bool>("--galera") { Description = "Also start a 3-node MariaDB Galera cluster (true or false).", DefaultValueFactory = _ => true };
        var command = new Command("lab", "Start a local lab of real servers and run the monitor on it.") { urls, zkMembers, interval, mysql, kafka, galera };
        command.SetAction(async (parse, ct) =>
        {
            var members = parse.GetValue(zkMembers);
            if (members is < 1 or > 9)
            {
                await error.WriteLineAsync("monitor: --zk-members must be from 1 to 9").ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            using var lab = await LocalLab.StartAsync(members, parse.GetValue(mysql), parse.GetValue(kafka), output, ct, withGalera: parse.GetValue(galera)).ConfigureAwait(false);
            var configPath = Path.Combine(lab.Directory.Root, "monitor.yaml");
            var listen = parse.GetValue(urls)!;
            await File.WriteAllTextAsync(configPath, lab.ConfigYaml(parse.GetValue(interval)!, externalUrl: listen.TrimEnd('/')), ct).ConfigureAwait(false);
            MonitorConfig cfg;
            try
            {
                cfg = MonitorKinds.Config.LoadFile(configPath);
            }
            catch (ConfigException ex)
            {
                await CliApp.WriteConfigErrorsAsync(error, ex).ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            await using var app = MonitorWebApp.Build(cfg, [listen]);
            await app.StartAsync(ct).ConfigureAwait(false);
            var url = app.Urls.First().TrimEnd('/');
            await output.WriteLineAsync($"lab: config {configPath}").ConfigureAwait(false);
            foreach (var line in lab.Describe())
            {
                await output.WriteLineAsync("lab: " + line).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"lab: status page {url}/   API {url}/api/v1/status   metrics {url}/metrics").ConfigureAwait(false);
            await output.WriteLineAsync("lab: press Ctrl+C to stop; every lab process is killed on exit").ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            await output.WriteLineAsync("lab: stopping").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
