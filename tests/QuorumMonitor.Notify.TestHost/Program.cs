// A process that runs alert delivery alone, fed incident changes as JSON lines on stdin, so that tests can SIGKILL
// it mid-incident and start it again on the same state file (what `monitor run` does, without the probes).
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify;
using QuorumMonitor.Notify.Delivery;
using QuorumMonitor.Host;

if (args.Length != 1)
{
    await Console.Error.WriteLineAsync("usage: QuorumMonitor.Notify.TestHost CONFIG");
    return 3;
}

MonitorConfig config;
try
{
    config = MonitorKinds.Config.LoadFile(args[0]);
}
catch (ConfigException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 3;
}

var services = new ServiceCollection()
    .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information))
    .AddMonitorNotify(config);
await using var provider = services.BuildServiceProvider();
var hosted = provider.GetServices<IHostedService>().ToList();
foreach (var h in hosted)
{
    await h.StartAsync(CancellationToken.None);
}

var delivery = provider.GetRequiredService<DeliveryService>();
Console.WriteLine($"ready pid {Environment.ProcessId}");
while (await Console.In.ReadLineAsync() is { } line)
{
    if (line.Trim() == "status")
    {
        Console.WriteLine("status " + JsonSerializer.Serialize(delivery.Report(), MonitorJson.Compact));
        continue;
    }

    var change = JsonSerializer.Deserialize<IncidentChange>(line, MonitorJson.Compact)!;
    delivery.OnIncidentChanged(change);
    // "accepted" promises it is in the state file: a test may SIGKILL the process right after.
    await delivery.WhenWrittenAsync(CancellationToken.None);
    Console.WriteLine($"accepted {change.Kind} {change.Incident.Id}");
}

foreach (var h in hosted)
{
    await h.StopAsync(CancellationToken.None);
}

return 0;
