using System.CommandLine;
using System.Text.Json;
using QuorumMonitor.Cli.Drills;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Host;

namespace QuorumMonitor.Cli.Commands;

/// <summary>
/// <c>monitor drill</c>: the seed outages as game days in a scratch lab (<c>list</c>, <c>run NAME...|all [--json]</c>),
/// and <c>route-test</c>, one labelled synthetic incident through a real config's channels. Exit 0 only when every
/// drill passed (every channel accepted, for route-test), 2 when one failed, 3 on bad usage.
/// </summary>
public static class DrillCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var list = new Command("list", "List the drills, one line each.");
        list.SetAction(async (_, ct) =>
        {
            foreach (var d in DrillCatalog.All)
            {
                await output.WriteLineAsync($"{d.Name,-24} {d.Summary}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });

        var names = new Argument<string[]>("NAME") { Description = "Drills to run (see 'monitor drill list'), or 'all'.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON (progress goes to stderr)." };
        var run = new Command("run", "Run drills in a scratch lab: inject each fault, watch every channel, print PASS/FAIL; exit 0 only if all pass.") { names, json };
        run.SetAction(async (parse, ct) =>
        {
            var wanted = parse.GetValue(names)!;
            var unknown = wanted.Where(n => n != "all" && DrillCatalog.Find(n) is null).ToList();
            if (unknown.Count > 0)
            {
                await error.WriteLineAsync($"monitor: unknown drill: {string.Join(", ", unknown)}; see 'monitor drill list'").ConfigureAwait(false);
                return ExitCodes.Unknown;
            }

            IReadOnlyList<IDrill> drills = wanted.Contains("all") ? DrillCatalog.All : [.. wanted.Distinct().Select(n => DrillCatalog.Find(n)!)];
            var asJson = parse.GetValue(json);
            var runner = new DrillRunner(TimeProvider.System, asJson ? error : output);
            var results = new List<DrillResult>();
            foreach (var d in drills)
            {
                results.Add(await runner.RunAsync(d, ct).ConfigureAwait(false));
            }

            await output.WriteAsync(asJson
                ? JsonSerializer.Serialize(new { passed = results.All(r => r.Passed), drills = results }, MonitorJson.Options) + "\n"
                : DrillReportText.Format(results)).ConfigureAwait(false);
            return results.All(r => r.Passed) ? ExitCodes.Ok : ExitCodes.Critical;
        });

        return new Command("drill", "Game days: rerun the seed outages against the monitor and its channels, or test a config's routing.") { list, run, RouteTest(output) };
    }

    private static Command RouteTest(TextWriter output)
    {
        var config = new Option<FileInfo>("--config", "-c") { Description = "The monitor's YAML config; its notify: channels are tested.", Required = true };
        var severity = new Option<string>("--severity") { Description = "Severity of the synthetic incident: page or warning.", DefaultValueFactory = _ => "page" };
        severity.AcceptOnlyFromAmong("page", "warning");
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var command = new Command("route-test", "Send one labelled drill incident through every configured channel and resolve it; per-channel latency; exit 0 only if every channel accepted both.")
        {
            config, severity, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var cfg = MonitorKinds.Config.LoadFile(parse.GetValue(config)!.FullName);
            var level = parse.GetValue(severity) == "warning" ? Severity.Warning : Severity.Page;
            var results = await new RouteTester(TimeProvider.System).RunAsync(cfg, level, ct).ConfigureAwait(false);
            var passed = results.All(r => r.Passed);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { passed, channels = results }, MonitorJson.Options)).ConfigureAwait(false);
            }
            else
            {
                foreach (var r in results)
                {
                    await output.WriteLineAsync($"{r.Channel} ({r.Kind}): trigger {Answer(r.TriggerAccepted, r.TriggerSeconds, r.TriggerDetail)}, resolve {Answer(r.ResolveAccepted, r.ResolveSeconds, r.ResolveDetail)}  {(r.Passed ? "ok" : "FAIL")}").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"route-test: {results.Count(r => r.Passed)} of {results.Count} channel(s) accepted the drill incident and its resolve").ConfigureAwait(false);
            }

            return passed ? ExitCodes.Ok : ExitCodes.Critical;
        });
        return command;
    }

    private static string Answer(bool accepted, double seconds, string detail) =>
        accepted ? $"accepted in {seconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)} s" : $"NOT accepted after {seconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)} s ({detail})";
}
