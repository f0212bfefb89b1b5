using Mediator;
using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Runtime.Pipeline;

namespace QuorumMonitor.Runtime.Tests;

/// <summary>
/// The pipeline's stage order is code: each event has one handler, which calls the stages in order. A second handler
/// registered for the same event would run in whatever order Mediator picks.
/// </summary>
public class PipelineStageOrderTests
{
    [Fact]
    public void Each_pipeline_event_has_exactly_one_handler_that_orders_its_stages()
    {
        using var services = new ServiceCollection().AddQuorumMonitor(new MonitorConfig()).Services.BuildServiceProvider();

        Assert.IsType<ClusterEvaluatedStages>(Assert.Single(services.GetServices<INotificationHandler<ClusterEvaluated>>()));
        Assert.IsType<ProbeResultStages>(Assert.Single(services.GetServices<INotificationHandler<ProbeResultObserved>>()));
        Assert.IsType<EvaluateClustersHandler>(Assert.Single(services.GetServices<INotificationHandler<EvaluationDue>>()));
    }
}
