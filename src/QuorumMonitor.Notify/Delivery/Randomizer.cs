namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// The source of backoff jitter, injected so that tests can seed it. Registered once per process
/// (<see cref="Shared"/>); thread-safe whatever <see cref="Random"/> it wraps.
/// </summary>
public sealed class Randomizer(Random random)
{
    private readonly Lock _lock = new();

    /// <summary>The process's randomizer, as <see cref="TimeProvider.System"/> is its clock.</summary>
#pragma warning disable RS0030 // The one place the monitor takes unseeded randomness (src/BannedSymbols.txt bans it elsewhere).
    public static Randomizer Shared { get; } = new(Random.Shared);
#pragma warning restore RS0030

    /// <returns>In [0, 1).</returns>
    public double NextDouble()
    {
        lock (_lock)
        {
            return random.NextDouble();
        }
    }
}
