namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// What a drill passes on: each listed channel accepts exactly <see cref="ChannelExpectation.Pages"/> incidents after
/// the fault, the first named <see cref="ChannelExpectation.RootCause"/>; no channel accepts any before it.
/// </summary>
/// <param name="PagerStatus">What the drill's pager receiver answers (402 for the out-of-credit drill).</param>
/// <param name="SettleSeconds">How long to keep watching after the expected pages came, for a duplicate or a second
/// incident: longer where a symptom confirms later than the root cause (a stalled group under a quorum loss).</param>
public sealed record DrillExpectation(IReadOnlyList<ChannelExpectation> Channels, int PagerStatus = 200, double SettleSeconds = 3)
{
    /// <summary>The usual expectation: one incident named <paramref name="rootCause"/> on Alertmanager and on the pager.</summary>
    public static DrillExpectation OnePage(string rootCause) =>
        new([new ChannelExpectation(DrillChannels.Alertmanager, rootCause, 1), new ChannelExpectation(DrillChannels.Pager, rootCause, 1)]);
}
