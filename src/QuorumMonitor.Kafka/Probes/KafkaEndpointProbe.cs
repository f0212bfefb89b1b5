using System.Net;
using System.Net.Sockets;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Kafka.Probes.Client;

namespace QuorumMonitor.Kafka.Probes;

/// <summary>
/// Checks every broker's advertised endpoint from where the monitor stands: the host must resolve and accept TCP.
/// Clients connect to the advertised name, not the bootstrap address, so a broker advertising a name clients cannot
/// resolve is unusable even while metadata calls it live. Each broker is checked in parallel within the deadline.
/// </summary>
internal sealed class KafkaEndpointProbe(IKafkaAdmin admin, KafkaClusterState state, TimeSpan deadline, TimeProvider time) : IProbeUnit
{
    public string Id => "endpoints";

    public TimeSpan Deadline => deadline;

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        // In the first round the metadata unit runs alongside this one: ask for the broker list rather than check nothing.
        var brokers = (state.Latest ?? await Task.Run(() => admin.GetMetadata(deadline / 2), cancellationToken).ConfigureAwait(false)).Brokers;

        // Leave room to report the brokers that did answer when one of them hangs.
        using var checks = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        checks.CancelAfter(deadline * 0.8);
        var results = await Task.WhenAll(brokers.Select(b => CheckAsync(b, checks.Token))).ConfigureAwait(false);
        return new KafkaEndpointResult
        {
            UnitId = Id,
            At = at,
            Duration = time.GetElapsedTime(started),
            Checks = results,
        };
    }

    public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) => new KafkaEndpointResult
    {
        UnitId = Id,
        At = at,
        Duration = elapsed,
        Error = message,
    };

    private static async Task<KafkaEndpointCheck> CheckAsync(KafkaBroker broker, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(broker.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(broker.Host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return new KafkaEndpointCheck(broker, KafkaEndpointState.Unresolvable, $"advertised host '{broker.Host}' does not resolve: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            return new KafkaEndpointCheck(broker, KafkaEndpointState.Timeout, $"resolving advertised host '{broker.Host}' timed out");
        }

        if (addresses.Length == 0)
        {
            return new KafkaEndpointCheck(broker, KafkaEndpointState.Unresolvable, $"advertised host '{broker.Host}' resolves to no address");
        }

        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(addresses, broker.Port, cancellationToken).ConfigureAwait(false);
            return new KafkaEndpointCheck(broker, KafkaEndpointState.Reachable);
        }
        catch (SocketException ex)
        {
            return new KafkaEndpointCheck(broker,
                ex.SocketErrorCode == SocketError.ConnectionRefused ? KafkaEndpointState.Refused : KafkaEndpointState.Error,
                $"advertised endpoint {broker.Address}: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            return new KafkaEndpointCheck(broker, KafkaEndpointState.Timeout, $"advertised endpoint {broker.Address}: no TCP answer in time");
        }
    }
}
