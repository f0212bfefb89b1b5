namespace QuorumMonitor.Kafka.Probes.Client;

/// <summary>
/// Keeps a librdkafka client alive while calls use it. A probe round that times out leaves its call running (librdkafka
/// calls cannot be cancelled, only bounded by their own timeout), and a reload or shutdown may then dispose the client:
/// freeing the handle under a running call corrupts the native heap and kills the process. <see cref="Close"/> refuses
/// new calls at once and frees the client when the last running call ends, on a pool thread (the last call may end on
/// librdkafka's own callback thread, which the client's disposal joins).
/// </summary>
internal sealed class NativeClientGate(Action release, Action<Exception> releaseFailed)
{
    private readonly Lock _lock = new();
    private int _inFlight;
    private bool _closed;
    private bool _released;

    /// <summary>One call's hold on the client; dispose it when the call has returned (or its task completed).</summary>
    public Lease Enter()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _inFlight++;
        }

        return new Lease(this);
    }

    /// <summary>Holds the client until <paramref name="call"/> completes, however its caller stops waiting for it.</summary>
    public Task<T> Track<T>(Func<Task<T>> start)
    {
        var lease = Enter();
        Task<T> call;
        try
        {
            call = start();
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        call.ContinueWith(static (_, held) => ((Lease)held!).Dispose(), lease, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return call;
    }

    /// <summary>Refuses new calls; frees the client now when idle, else when the last running call ends. Idempotent.</summary>
    public void Close()
    {
        bool releaseNow;
        lock (_lock)
        {
            _closed = true;
            releaseNow = TakeRelease();
        }

        if (releaseNow)
        {
            Release();
        }
    }

    private void Exit()
    {
        bool releaseLater;
        lock (_lock)
        {
            _inFlight--;
            releaseLater = TakeRelease();
        }

        if (releaseLater)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static gate => gate.Release(), this, preferLocal: false);
        }
    }

    private bool TakeRelease()
    {
        if (!_closed || _inFlight > 0 || _released)
        {
            return false;
        }

        _released = true;
        return true;
    }

    private void Release()
    {
        try
        {
            release();
        }
#pragma warning disable CA1031 // a failed disposal on a pool thread must not take the process down; it is reported
        catch (Exception ex)
#pragma warning restore CA1031
        {
            releaseFailed(ex);
        }
    }

    /// <summary>Ends one call's hold; a second Dispose of the same lease is ignored.</summary>
    public sealed class Lease(NativeClientGate gate) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                gate.Exit();
            }
        }
    }
}
