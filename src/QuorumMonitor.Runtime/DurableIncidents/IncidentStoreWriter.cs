using Microsoft.Extensions.Hosting;

namespace QuorumMonitor.Runtime.DurableIncidents;

/// <summary>Runs the incident store's writer loop; on a clean stop, writes what is still queued.</summary>
public sealed class IncidentStoreWriter(SqliteIncidentStore store) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => store.RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        store.Flush();
    }
}
