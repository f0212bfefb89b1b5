namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// One seed outage as a game day: what it starts, the fault it injects and what the page must look like. The
/// <see cref="DrillRunner"/> owns everything else (channels, the monitor, the baseline, watching, the verdict).
/// </summary>
public interface IDrill
{
    /// <summary>The name on the command line (<c>monitor drill run NAME</c>).</summary>
    string Name { get; }

    /// <summary>One line for <c>monitor drill list</c>.</summary>
    string Summary { get; }

    /// <summary>What each channel must receive once the fault is in.</summary>
    DrillExpectation Expectation { get; }

    /// <summary>Starts the servers the drill needs (tracked in <paramref name="lab"/>, so they die with it).</summary>
    Task<IDrillScenario> SetUpAsync(DrillLab lab, CancellationToken cancellationToken);
}
