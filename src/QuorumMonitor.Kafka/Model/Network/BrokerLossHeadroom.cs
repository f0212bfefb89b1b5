namespace QuorumMonitor.Kafka.Model.Network;

/// <summary>
/// N−1 headroom: if any one broker fails, its egress spreads evenly over the rest (its partitions' leadership and so
/// its consumers move). Parse.ly's 2015 outage was this: every broker close to its NIC limit, one failed, the rest
/// failed in cascade. Cruise Control checks NW_OUT against a threshold but has no lose-one-broker check.
/// Only live brokers count: one already down absorbs nothing (its own leadership already moved, so the live brokers'
/// measured egress includes it), and a cluster missing a broker is judged on what is left. With L live brokers of known
/// capacity: predicted(s | f) = tx(s) + tx(f) / (L − 1), and f's loss cascades when any s carries more than its limit.
/// </summary>
public static class BrokerLossHeadroom
{
    /// <returns>One impact per broker that could fail; empty with fewer than two brokers of known capacity.</returns>
    /// <param name="down">Brokers expected but not live (not in metadata): neither failing candidates nor survivors.</param>
    public static IReadOnlyList<BrokerLossImpact> Evaluate(IReadOnlyList<NicAssessment> brokers, IReadOnlyCollection<int>? down = null)
    {
        var known = brokers.Where(b => b.LimitBps is > 0 && down?.Contains(b.BrokerId) != true).ToList();
        if (known.Count < 2)
        {
            return [];
        }

        var impacts = new List<BrokerLossImpact>(known.Count);
        foreach (var failed in known)
        {
            var share = failed.TransmitBps / (known.Count - 1);
            BrokerLossImpact? worst = null;
            foreach (var survivor in known)
            {
                if (survivor.BrokerId == failed.BrokerId)
                {
                    continue;
                }

                var impact = new BrokerLossImpact(failed.BrokerId, survivor.BrokerId, survivor.TransmitBps + share, survivor.LimitBps!.Value);
                if (worst is null || impact.HeadroomRatio < worst.HeadroomRatio)
                {
                    worst = impact;
                }
            }

            impacts.Add(worst!);
        }

        return impacts;
    }
}
