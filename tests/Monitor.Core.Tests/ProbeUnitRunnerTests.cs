using System.Diagnostics;
using Monitor.Core.Probing;

namespace Monitor.Core.Tests;

public class ProbeUnitRunnerTests
{
    private sealed record Result(string Text) : ProbeResult;

    private sealed class Unit(Func<CancellationToken, Task> body, TimeSpan deadline) : IProbeUnit
    {
        public string Id => "unit";

        public TimeSpan Deadline => deadline;

        public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
        {
            await body(cancellationToken);
            return new Result("ok") { UnitId = Id, At = DateTimeOffset.UtcNow, Duration = TimeSpan.Zero };
        }

        public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) =>
            new Result($"{kind}: {message}") { UnitId = Id, At = at, Duration = elapsed };
    }

    [Fact]
    public async Task A_unit_that_ignores_cancellation_is_abandoned_at_its_deadline()
    {
        var never = new TaskCompletionSource();
        var unit = new Unit(_ => never.Task, TimeSpan.FromMilliseconds(200));
        var runner = new ProbeUnitRunner(TimeProvider.System);
        var sw = Stopwatch.StartNew();

        var result = (Result)await runner.RunAsync(unit, CancellationToken.None);

        Assert.StartsWith("Timeout", result.Text, StringComparison.Ordinal);
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_unit_that_honours_cancellation_times_out_at_its_deadline()
    {
        var unit = new Unit(ct => Task.Delay(Timeout.Infinite, ct), TimeSpan.FromMilliseconds(100));

        var result = (Result)await new ProbeUnitRunner(TimeProvider.System).RunAsync(unit, CancellationToken.None);

        Assert.StartsWith("Timeout", result.Text, StringComparison.Ordinal);
        Assert.True(result.Duration >= TimeSpan.FromMilliseconds(90), $"gave up after {result.Duration}");
    }

    [Fact]
    public async Task A_throwing_unit_becomes_an_error_result()
    {
        var unit = new Unit(_ => throw new InvalidDataException("garbled answer"), TimeSpan.FromSeconds(1));

        var result = (Result)await new ProbeUnitRunner(TimeProvider.System).RunAsync(unit, CancellationToken.None);

        Assert.Equal("Error: garbled answer", result.Text);
    }

    [Fact]
    public async Task A_healthy_unit_returns_its_own_result()
    {
        var unit = new Unit(_ => Task.CompletedTask, TimeSpan.FromSeconds(1));

        var result = (Result)await new ProbeUnitRunner(TimeProvider.System).RunAsync(unit, CancellationToken.None);

        Assert.Equal("ok", result.Text);
    }
}
