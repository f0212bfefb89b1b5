using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Core.Kinds;

/// <summary>Every runbook of a composed monitor: the kernel's and each kind's, by alert name.</summary>
public sealed class RunbookCatalog
{
    private readonly Dictionary<string, Runbook> _byAlert = new(StringComparer.Ordinal);

    public RunbookCatalog(IEnumerable<IClusterKind> kinds)
    {
        foreach (var runbook in Runbooks.All.Concat(kinds.SelectMany(k => k.Runbooks)))
        {
            // Two kinds claiming one alert name would show one of them at random: refuse at start-up.
            if (!_byAlert.TryAdd(runbook.Alert, runbook))
            {
                throw new InvalidOperationException($"two runbooks for the alert '{runbook.Alert}'");
            }
        }
    }

    public IEnumerable<Runbook> All => _byAlert.Values;

    public Runbook For(string alert) => _byAlert.TryGetValue(alert, out var runbook) ? runbook : Runbooks.Missing(alert);
}
