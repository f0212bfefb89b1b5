using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace QuorumMonitor.Runtime.Permits;

public static class PermitServiceCollectionExtensions
{
    /// <summary>The permit broker, told about every evaluation; kinds add their <see cref="IPermitJudge"/> in Register.</summary>
    public static IServiceCollection AddPermits(this IServiceCollection services)
    {
        services.TryAddSingleton<IPermitStore, InMemoryPermitStore>();
        services.AddSingleton<PermitBroker>();
        services.AddSingleton<IMonitorListener>(sp => sp.GetRequiredService<PermitBroker>());
        services.AddSingleton<IPlannedRestarts>(sp => sp.GetRequiredService<PermitBroker>());
        return services;
    }
}
