using Mediator;
using QuorumMonitor.Incidents;
using QuorumMonitor.Runtime.Self;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Runtime.Reload;

/// <summary>
/// Applies a reload to the running monitor. Unchanged clusters are not touched: their units, alert trackers,
/// incidents and the state their monitors keep (lag tables, NIC history) go on as before. A changed cluster gets its
/// new monitor at a new index, its old one retired: alert trackers and incidents carry over (they are keyed by cluster,
/// not by monitor), so an open incident keeps its id and timeline and is not announced again; the latest unit results
/// and observation carry over by unit id; state its old monitor kept (lag history, NIC rates) starts afresh, since it
/// was measured under the old settings; its series restart at its next evaluation. An added cluster starts with a
/// start-up hold of its own. A removed cluster's loops stop, its alerts end, its incidents resolve with a note, and
/// its series leave <c>/metrics</c>.
/// </summary>
public sealed class ApplyConfigReloadHandler(MonitorRuntime runtime, RuleEvaluator rules, IncidentTracker incidents, MonitorLoad load,
    IEnumerable<IMonitorListener> listeners) : INotificationHandler<ApplyConfigReload>
{
    private readonly IReadOnlyList<IMonitorListener> _listeners = [.. listeners];

    public ValueTask Handle(ApplyConfigReload notification, CancellationToken cancellationToken)
    {
        if (!notification.Abandoned)
        {
            Apply(notification);
        }

        notification.Applied.TrySetResult();
        return ValueTask.CompletedTask;
    }

    public void Apply(ApplyConfigReload reload)
    {
        var active = runtime.ActiveClusters();
        foreach (var cluster in reload.Diff.Removed)
        {
            if (active.TryGetValue(cluster, out var index))
            {
                runtime.Retire(index);
            }

            rules.Forget(cluster);
            incidents.ClusterRemoved(cluster);
            Forget(cluster);
        }

        foreach (var cluster in reload.Diff.Changed)
        {
            var old = active.TryGetValue(cluster, out var index) ? index : (int?)null;
            runtime.AddCluster(reload.Monitors[cluster], carried: old);
            if (old is { } o)
            {
                runtime.Retire(o);
            }

            Forget(cluster);
        }

        foreach (var cluster in reload.Diff.Added)
        {
            incidents.ClusterAdded(cluster);
            runtime.AddCluster(reload.Monitors[cluster]);
        }

        incidents.ReplaceTopology(reload.Topology);
        load.Clusters = runtime.ActiveClusters().Count;
    }

    private void Forget(Core.Model.ClusterRef cluster)
    {
        foreach (var listener in _listeners)
        {
            listener.OnClusterRemoved(cluster);
        }
    }
}
