using Mediator;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>A cluster observation went through the rules; these are the alert state changes it caused.</summary>
public sealed record ClusterEvaluated(ClusterObservation Observation, IReadOnlyList<AlertTransition> Transitions) : INotification;
