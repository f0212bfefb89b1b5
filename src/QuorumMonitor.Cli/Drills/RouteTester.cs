using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// <c>monitor drill route-test</c>: the synthetic drill incident through every channel of a real config's
/// <c>notify:</c> section, with the same notifiers (and HTTP client, timeout and no-redirect rule) <c>monitor run</c>
/// uses, but straight to each channel rather than through the outbox: one trigger per channel, each timed, then the
/// resolve. The state file is never opened, so it runs beside a live monitor on the same config.
/// </summary>
public sealed class RouteTester(TimeProvider time)
{
    public async Task<IReadOnlyList<RouteTestResult>> RunAsync(MonitorConfig config, Severity severity, CancellationToken cancellationToken)
    {
        if (config.Notify is null)
        {
            throw new ConfigException([new ConfigError("notify", 0, "route-test needs a notify: section with at least one channel")]);
        }

        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddMonitorNotify(config);
        await using var provider = services.BuildServiceProvider();
        var notifiers = provider.GetServices<INotifier>().ToList();
        var now = time.GetUtcNow();
        var runId = now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var open = RouteTestIncident.Build(severity, now, runId);

        var triggers = await Task.WhenAll(notifiers.Select(n => SendAsync(n, new Notification(open.Id, NotificationAction.Trigger, open, now), cancellationToken))).ConfigureAwait(false);
        var resolvedAt = time.GetUtcNow();
        var resolved = RouteTestIncident.Build(severity, now, runId, resolvedAt);
        var resolves = await Task.WhenAll(notifiers.Select(n => SendAsync(n, new Notification(open.Id, NotificationAction.Resolve, resolved, resolvedAt), cancellationToken))).ConfigureAwait(false);

        return [.. notifiers.Select((n, i) => new RouteTestResult(n.Channel.Name, n.Channel.Kind.ToString().ToLowerInvariant(),
            !triggers[i].Outcome.IsFailure, triggers[i].Seconds, triggers[i].Outcome.Detail,
            !resolves[i].Outcome.IsFailure, resolves[i].Seconds, resolves[i].Outcome.Detail))];
    }

    private async Task<(DeliveryOutcome Outcome, double Seconds)> SendAsync(INotifier notifier, Notification notification, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var outcome = await notifier.SendAsync(notification, cancellationToken).ConfigureAwait(false);
        return (outcome, Math.Round(time.GetElapsedTime(start).TotalSeconds, 3));
    }
}
