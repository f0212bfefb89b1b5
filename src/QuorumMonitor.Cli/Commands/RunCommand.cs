using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.Notify.Delivery;
using QuorumMonitor.Runtime.Reload;

namespace QuorumMonitor.Cli.Commands;

/// <summary>
/// <c>monitor run</c>: the long-running service with /metrics, /healthz and /api/v1/status. <c>SIGHUP</c> reloads the
/// config file (as <c>POST /-/reload</c> does), never stops the monitor.
/// </summary>
public static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<FileInfo>("--config", "-c") { Description = "YAML config file.", Required = true };
        var urls = new Option<string>("--urls") { Description = "Listen URLs, ';'-separated.", DefaultValueFactory = _ => "http://127.0.0.1:9464" };
        var command = new Command("run", "Run the monitor as a service.") { config, urls };
        command.SetAction(async (parse, ct) =>
        {
            MonitorConfig cfg;
            var file = parse.GetValue(config)!.FullName;
            try
            {
                cfg = MonitorKinds.Config.LoadFile(file);
            }
            catch (ConfigException ex)
            {
                await CliApp.WriteConfigErrorsAsync(error, ex).ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            await using var app = MonitorWebApp.Build(cfg, parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries),
                services => services.AddSingleton(new ConfigFile(file)));
            if (cfg.Notify is not null)
            {
                // Open the state file now: a damaged or unwritable one is a config error naming notify.stateFile
                // (exit 3) before anything runs, not a failure at the first page.
                _ = app.Services.GetRequiredService<DeliveryService>();
            }

            var reloader = app.Services.GetRequiredService<ConfigReloader>();
            using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true; // a reload, not the default end of the process
                _ = reloader.ReloadAsync("SIGHUP", ct);
            });
            await app.StartAsync(ct).ConfigureAwait(false);
            await output.WriteLineAsync($"monitor: serving on {string.Join(", ", app.Urls)}").ConfigureAwait(false);
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
