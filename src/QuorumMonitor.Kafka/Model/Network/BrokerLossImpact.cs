namespace QuorumMonitor.Kafka.Model.Network;

/// <summary>
/// What losing <see cref="FailedBroker"/> does to the others: its egress (its consumers) moves to the survivors; the
/// busiest survivor would carry <see cref="PredictedSurvivorBps"/> against a limit of <see cref="SurvivorLimitBps"/>.
/// </summary>
public sealed record BrokerLossImpact(int FailedBroker, int WorstSurvivor, double PredictedSurvivorBps, double SurvivorLimitBps)
{
    /// <summary>Share of the survivor's limit left after the failure; negative means it would be pushed past its limit.</summary>
    public double HeadroomRatio => 1 - (PredictedSurvivorBps / SurvivorLimitBps);

    public bool Cascades => PredictedSurvivorBps > SurvivorLimitBps;
}
