using QuorumMonitor.Kafka.Probes.Client;

namespace QuorumMonitor.Kafka.Tests;

public sealed class NativeClientGateTests
{
    [Fact]
    public void An_idle_client_is_freed_at_once_and_only_once()
    {
        var released = 0;
        var gate = new NativeClientGate(() => released++, _ => { });

        gate.Close();
        gate.Close();

        Assert.Equal(1, released);
        Assert.Throws<ObjectDisposedException>(() => gate.Enter());
    }

    [Fact]
    public async Task A_client_in_use_is_freed_when_its_last_call_ends_not_before()
    {
        using var released = new ManualResetEventSlim();
        var gate = new NativeClientGate(released.Set, _ => { });
        var first = gate.Enter();
        var second = gate.Enter();

        gate.Close();
        Assert.Throws<ObjectDisposedException>(() => gate.Enter());
        first.Dispose();
        first.Dispose(); // a lease ended twice counts once
        Assert.False(released.IsSet);

        second.Dispose();
        Assert.True(await Task.Run(() => released.Wait(TimeSpan.FromSeconds(10))), "not freed after the last call");
    }

    [Fact]
    public async Task A_tracked_task_holds_the_client_until_it_completes()
    {
        using var released = new ManualResetEventSlim();
        var gate = new NativeClientGate(released.Set, _ => { });
        var call = new TaskCompletionSource<int>();

        var tracked = gate.Track(() => call.Task);
        gate.Close();
        Assert.False(released.IsSet);

        call.SetResult(7);
        Assert.Equal(7, await tracked);
        Assert.True(await Task.Run(() => released.Wait(TimeSpan.FromSeconds(10))), "not freed after the tracked call completed");
    }

    [Fact]
    public async Task A_failed_release_is_reported_not_thrown_on_a_pool_thread()
    {
        var reported = new TaskCompletionSource<Exception>();
        var gate = new NativeClientGate(() => throw new InvalidOperationException("boom"), ex => reported.SetResult(ex));
        var lease = gate.Enter();

        gate.Close();
        lease.Dispose();

        var error = await reported.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public void A_call_that_fails_to_start_gives_its_hold_back()
    {
        var released = 0;
        var gate = new NativeClientGate(() => released++, _ => { });

        Func<Task<int>> refused = () => throw new InvalidOperationException("refused");
        Exception? error = null;
        try
        {
            _ = gate.Track(refused);
        }
        catch (InvalidOperationException ex)
        {
            error = ex;
        }

        Assert.Equal("refused", error?.Message);
        gate.Close();

        Assert.Equal(1, released);
    }
}
