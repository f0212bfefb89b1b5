using Mediator;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>A probe unit finished (or was given up on at its deadline).</summary>
public sealed record ProbeResultObserved(int Cluster, int Unit, ProbeResult Result) : INotification;
