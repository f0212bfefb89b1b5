namespace QuorumMonitor.Lab.Kafka;

/// <summary>
/// A broker's traffic over simulated time: egress ramps linearly from <see cref="EgressFromMbps"/> to
/// <see cref="EgressToMbps"/> over <see cref="Ramp"/> and stays there; ingress is constant (Parse.ly 2015: 20 Mbit/s
/// written, more than 250 Mbit/s read). Counters are the exact integrals of the rates.
/// </summary>
public sealed record NicReplayProfile(DateTimeOffset Start, TimeSpan Ramp, double EgressFromMbps, double EgressToMbps, double IngressMbps)
{
    private const double BytesPerMbit = 125_000;

    public double EgressMbpsAt(DateTimeOffset at)
    {
        var f = Math.Clamp((at - Start) / Ramp, 0, 1);
        return EgressFromMbps + ((EgressToMbps - EgressFromMbps) * f);
    }

    public double TransmitBytesAt(DateTimeOffset at)
    {
        var t = Math.Max(0, (at - Start).TotalSeconds);
        var ramp = Ramp.TotalSeconds;
        var slope = (EgressToMbps - EgressFromMbps) / ramp;
        var mbits = t <= ramp
            ? (EgressFromMbps * t) + (slope * t * t / 2)
            : (EgressFromMbps * ramp) + (slope * ramp * ramp / 2) + (EgressToMbps * (t - ramp));
        return mbits * BytesPerMbit;
    }

    public double ReceiveBytesAt(DateTimeOffset at) => IngressMbps * BytesPerMbit * Math.Max(0, (at - Start).TotalSeconds);
}
