using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Runtime.Pipeline;

namespace QuorumMonitor.Runtime.Reload;

public static class ConfigReloadServiceCollectionExtensions
{
    /// <summary>
    /// Live reload for <c>monitor run</c>: the reloader and its status. Without a <see cref="ConfigFile"/> registered
    /// (a hand-built config) a reload is refused with a message saying why.
    /// </summary>
    public static IServiceCollection AddConfigReload(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new ConfigReloadStatus(sp.GetRequiredService<TimeProvider>(), sp.GetService<ConfigFile>()));
        services.TryAddSingleton(sp => new ConfigReloader(
            sp,
            sp.GetRequiredService<MonitorConfig>(),
            sp.GetRequiredService<PipelineBus>(),
            sp.GetRequiredService<ConfigReloadStatus>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ConfigReloader>>(),
            sp.GetService<ConfigFile>()));
        return services;
    }
}
