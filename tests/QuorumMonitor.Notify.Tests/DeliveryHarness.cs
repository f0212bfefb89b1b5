using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Delivery;
using Prometheus;
using QuorumMonitor.Host;

namespace QuorumMonitor.Notify.Tests;

/// <summary>
/// Alert delivery in-process, as <c>monitor run</c> registers it (<c>AddMonitorNotify</c> + its hosted worker), on a
/// config text, with a state file in a temp folder and optionally fake time.
/// </summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _hosted;
    private readonly StringWriter _log;

    private DeliveryHarness(ServiceProvider provider, List<IHostedService> hosted, StringWriter log, MonitorConfig config)
    {
        _provider = provider;
        _hosted = hosted;
        _log = log;
        Config = config;
    }

    public MonitorConfig Config { get; }

    public DeliveryService Delivery => _provider.GetRequiredService<DeliveryService>();

    public CollectorRegistry Registry => _provider.GetRequiredService<CollectorRegistry>();

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The notify section's text (indented under <c>notify:</c>); a dummy cluster makes the config valid.</summary>
    public static string ConfigText(string notifyYaml) =>
        "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:1\"]\nnotify:\n" + notifyYaml;

    /// <param name="configure">After <c>AddMonitorNotify</c>: e.g. a fake primary handler on the named notify HttpClient.</param>
    public static async Task<DeliveryHarness> StartAsync(string notifyYaml, string stateDirectory, TimeProvider? time = null, Action<IServiceCollection>? configure = null)
    {
        var config = MonitorKinds.Config.Parse(ConfigText(notifyYaml), stateDirectory);
        var log = new StringWriter();
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton(Metrics.NewCustomRegistry());
        services.AddLogging(b => b.AddProvider(new StringLoggerProvider(log)).SetMinimumLevel(LogLevel.Debug));
        services.AddMonitorNotify(config);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var h in hosted)
        {
            await h.StartAsync(CancellationToken.None);
        }

        return new DeliveryHarness(provider, hosted, log, config);
    }

    public async Task<string> MetricsTextAsync()
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public async Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan timeout, string what)
        where T : class
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{what} within {timeout.TotalSeconds}s. Log:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in _hosted)
        {
            await h.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
    }

    private sealed class StringLoggerProvider(StringWriter writer) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new StringLogger(writer);

        public void Dispose()
        {
        }
    }

    private sealed class StringLogger(StringWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (writer)
            {
                writer.WriteLine($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
            }
        }
    }
}
