using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Probes.MySql;
using QuorumMonitor.Rules.Engine;
using QuorumMonitor.Rules.MySql;

namespace QuorumMonitor.Engine.MySql;

public static class MySqlServiceCollectionExtensions
{
    /// <summary>A cluster monitor per <c>mysql:</c> entry, and the MySQL rules.</summary>
    public static IServiceCollection AddMySqlMonitoring(this IServiceCollection services, MonitorConfig config)
    {
        foreach (var cluster in config.MySql)
        {
            services.AddSingleton<IClusterMonitor>(sp => new MySqlClusterMonitor(cluster, config.Monitor, sp.GetRequiredService<TimeProvider>()));
        }

        foreach (var rule in MySqlRules.All())
        {
            services.AddSingleton<IRule>(rule);
        }

        return services;
    }
}
