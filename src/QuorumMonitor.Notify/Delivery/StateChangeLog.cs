namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// Remembers the last failure state per key (a channel, a loop) so that a loop failing the same way every second
/// logs once when it starts failing, again only when the failure changes, and once when it recovers.
/// </summary>
public sealed class StateChangeLog
{
    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <returns>Whether this is news: the key was not failing, or failed differently.</returns>
    public bool Failing(string key, string state)
    {
        lock (_lock)
        {
            if (_states.TryGetValue(key, out var previous) && previous == state)
            {
                return false;
            }

            _states[key] = state;
            return true;
        }
    }

    /// <returns>Whether the key was failing until now.</returns>
    public bool Recovered(string key)
    {
        lock (_lock)
        {
            return _states.Remove(key);
        }
    }
}
