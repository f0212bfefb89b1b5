using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Incidents;

namespace QuorumMonitor.Runtime.DurableIncidents;

public static class IncidentStoreServiceCollectionExtensions
{
    /// <summary>Keeps the incident tracker's incidents in <paramref name="stateFile"/> (<c>notify.stateFile</c>), so they survive a restart.</summary>
    public static IServiceCollection AddIncidentStore(this IServiceCollection services, string stateFile)
    {
        services.AddSingleton(sp => SqliteIncidentStore.Open(stateFile, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SqliteIncidentStore>>()));
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<SqliteIncidentStore>());
        services.AddHostedService<IncidentStoreWriter>();
        return services;
    }
}
