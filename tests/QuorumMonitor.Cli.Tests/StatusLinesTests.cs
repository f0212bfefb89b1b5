using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Cli.Tests;

public class StatusLinesTests
{
    private static StatusReport Report(DeliveryReport? delivery) => new()
    {
        Status = MonitorStatus.Ok,
        Clusters = [new ClusterReport { Kind = "zookeeper", Name = "zk", State = "ok", Members = [new MemberReport { Address = "h:1", State = "serving" }] }],
        Delivery = delivery,
    };

    [Fact]
    public void A_failing_alert_channel_is_shown_next_to_the_clusters()
    {
        var text = TriageText.StatusLines(Report(new DeliveryReport
        {
            Healthy = false,
            QueueDepth = 3,
            Channels = [new ChannelDeliveryReport { Name = "pd", Kind = "pagerduty", Healthy = false, Reason = "HTTP 402 Payment Required" }],
        }), new Painter(false));

        Assert.Contains("CRIT  alert delivery: FAILING, 3 queued; pd (pagerduty) failing: HTTP 402 Payment Required", text, StringComparison.Ordinal);
        Assert.Contains("OK    zookeeper/zk", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_notify_there_is_no_delivery_line()
    {
        Assert.DoesNotContain("alert delivery", TriageText.StatusLines(Report(null), new Painter(false)), StringComparison.Ordinal);
    }
}
