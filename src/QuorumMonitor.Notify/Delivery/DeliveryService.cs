using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Outbox;
using QuorumMonitor.Notify.Routing;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// The delivery side of incidents, and the one face it shows the incident tracker, the worker, the API and the CLI. Each job is
/// a type of its own:
/// <list type="bullet">
/// <item><see cref="OutboxWriter"/> accepts incident changes (in memory, at once, so the incident tracker never waits on the
/// state file or a receiver) and writes them to the outbox on a loop of its own;</item>
/// <item><see cref="ChannelQueues"/> hands each sender (<see cref="DeliveryWorker"/>) its channel's head and wakes it;</item>
/// <item><see cref="AttemptRecorder"/> applies each attempt's outcome: remove, reschedule with <see cref="Backoff"/>, dead-letter;</item>
/// <item><see cref="DeliveryStatus"/> answers the status API from memory, never from the file;</item>
/// <item><see cref="DeliverySelfCheck"/> watches delivery itself (<c>AlertDeliveryFailing</c>, reconciliation, leftovers);</item>
/// <item><see cref="DeadLetterOperations"/> lists, retries and drops dead letters.</item>
/// </list>
/// </summary>
public sealed class DeliveryService : IIncidentListener
{
    public const string DeliveryFailingAlert = DeliveryFailingAlarm.Alert;
    public const string DeliveryFailingKey = DeliveryFailingAlarm.Key;
    public const string MonitorKind = DeliveryFailingAlarm.MonitorKind;
    public const string MonitorCluster = DeliveryFailingAlarm.MonitorCluster;

    private readonly TimeProvider _time;
    private readonly IReadOnlyList<INotifier> _notifiers;
    private readonly ChannelQueues _queues;
    private readonly OutboxWriter _writer;
    private readonly IncidentReconciler _reconciler;
    private readonly DeliveryStatus _status;
    private readonly AttemptRecorder _attempts;
    private readonly DeliverySelfCheck _selfCheck;
    private readonly DeadLetterOperations _deadLetters;

    public DeliveryService(MonitorConfig config, OutboxStore store, IEnumerable<INotifier> notifiers, DeliveryMetrics metrics, Randomizer random, TimeProvider time, ILogger<DeliveryService> log)
    {
        Config = config.Notify ?? throw new ArgumentException("the config has no notify: section", nameof(config));
        _time = time;
        _notifiers = notifiers.ToList();
        var router = new Router(Config);
        var backoff = new Backoff(Config.Retry, random);
        _queues = new ChannelQueues(_notifiers.Select(n => n.Channel.Name), store, backoff, time);

        StartedAt = time.GetUtcNow();
        var resumeGrace = Config.ResumeGrace ?? DefaultResumeGrace(config.Monitor);
        // The writer calls back only from its own loop, which starts after this constructor: _status is set by then.
        _writer = new OutboxWriter(store, router, _queues.Names, resumeGrace, time, log, Written);
        _reconciler = new IncidentReconciler(store, _writer, log);
        _status = new DeliveryStatus(store, _writer, _notifiers, Config.FailingAfter);
        _attempts = new AttemptRecorder(store, backoff, metrics, _status, time, log);
        var alarm = new DeliveryFailingAlarm(router, store.FindIncidentByTrackerId(DeliveryFailingKey) is { Firing: true } r ? r.Incident : null);
        _selfCheck = new DeliverySelfCheck(_status, alarm, _writer, _reconciler, metrics, StartedAt, resumeGrace, time, log);
        _deadLetters = new DeadLetterOperations(store, _status, _queues, time, log);
        _status.RefreshSnapshot();
    }

    public DateTimeOffset StartedAt { get; }

    public IReadOnlyList<INotifier> Notifiers => _notifiers;

    public NotifyConfig Config { get; }

    /// <summary>Long enough for a restarted incident tracker to confirm what is still firing before leftovers are resolved.</summary>
    public static TimeSpan DefaultResumeGrace(MonitorSettings m) => NotifyConfig.DefaultResumeGrace(m);

    /// <summary>Called by the incident tracker under its lock: queues in memory, returns at once, never throws for the store.</summary>
    public void OnIncidentChanged(IncidentChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _writer.Accept(change);
        _reconciler.Announced(change);
    }

    /// <summary>The writer loop: run by the <see cref="DeliveryWorker"/>.</summary>
    public Task RunWriterAsync(CancellationToken stoppingToken) => _writer.RunAsync(stoppingToken);

    /// <summary>Completes once every change accepted so far is in the outbox.</summary>
    public Task WhenWrittenAsync(CancellationToken cancellationToken) => _writer.WhenWrittenAsync(cancellationToken);

    /// <inheritdoc cref="ChannelQueues.Head"/>
    public OutboxEntry? Head(string channel) => _queues.Head(channel);

    public Task WaitForWorkAsync(string channel, CancellationToken cancellationToken) => _queues.WaitForWorkAsync(channel, cancellationToken);

    /// <inheritdoc cref="AttemptRecorder.Record"/>
    public void Record(OutboxEntry entry, DeliveryOutcome outcome) => _attempts.Record(entry, outcome);

    /// <inheritdoc cref="AttemptRecorder.RecordHeartbeat"/>
    public void RecordHeartbeat(string channel, DeliveryOutcome outcome) => _attempts.RecordHeartbeat(channel, outcome);

    /// <inheritdoc cref="ChannelQueues.FiringFor"/>
    public IReadOnlyList<Notification> FiringFor(string channel) => _queues.FiringFor(channel);

    /// <inheritdoc cref="DeliverySelfCheck.Check"/>
    public void CheckHealth() => _selfCheck.Check();

    /// <summary>From memory: answers at once even while another process holds the state file locked.</summary>
    public DeliveryReport Report() => _status.Report(_time.GetUtcNow());

    /// <inheritdoc cref="DeliverySelfCheck.Alerts"/>
    public IReadOnlyList<AlertReport> Alerts() => _selfCheck.Alerts();

    /// <inheritdoc cref="DeadLetterOperations.List"/>
    public IReadOnlyList<DeadLetter> DeadLetters() => _deadLetters.List();

    /// <inheritdoc cref="DeadLetterOperations.Retry"/>
    public bool RetryDeadLetter(long seq) => _deadLetters.Retry(seq);

    /// <inheritdoc cref="DeadLetterOperations.Drop"/>
    public bool DropDeadLetter(long seq) => _deadLetters.Drop(seq);

    /// <summary>After each outbox write: fresh counts for the status API, and the senders of those channels woken.</summary>
    private void Written(IReadOnlyCollection<string> channels)
    {
        _status.RefreshSnapshot();
        _queues.Wake(channels);
    }
}
