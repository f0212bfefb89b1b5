namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// The source of backoff jitter, injected so that tests can seed it. Registered once per process
/// (<see cref="Random.Shared"/>); thread-safe whatever <see cref="Random"/> it wraps.
/// </summary>
public sealed class Randomizer(Random random)
{
    private readonly Lock _lock = new();

    /// <returns>In [0, 1).</returns>
    public double NextDouble()
    {
        lock (_lock)
        {
            return random.NextDouble();
        }
    }
}
