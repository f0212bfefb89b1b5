namespace QuorumMonitor.Runtime.Permits;

/// <summary>Permits in memory: lost on restart. Keeps every held permit and the last <see cref="KeepEnded"/> ended ones.</summary>
public sealed class InMemoryPermitStore : IPermitStore
{
    public const int KeepEnded = 100;

    private readonly List<Permit> _permits = [];
    private readonly Lock _lock = new();
    private long _lastId;

    public Permit Add(Func<long, Permit> create)
    {
        lock (_lock)
        {
            var permit = create(++_lastId);
            _permits.Add(permit);
            return permit;
        }
    }

    public void Update(Permit permit)
    {
        lock (_lock)
        {
            var i = _permits.FindIndex(p => p.Id == permit.Id);
            if (i < 0)
            {
                return;
            }

            _permits[i] = permit;
            var ended = _permits.Count(p => !p.IsHeld);
            for (var j = 0; j < _permits.Count && ended > KeepEnded; j++)
            {
                if (!_permits[j].IsHeld)
                {
                    _permits.RemoveAt(j--);
                    ended--;
                }
            }
        }
    }

    public IReadOnlyList<Permit> All()
    {
        lock (_lock)
        {
            return [.. _permits];
        }
    }
}
