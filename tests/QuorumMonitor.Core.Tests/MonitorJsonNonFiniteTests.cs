using System.Text.Json;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Core.Tests;

/// <summary>NaN and ±Infinity never break a public document: they are written as null.</summary>
public class MonitorJsonNonFiniteTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_member_details_serialize_as_null(double value)
    {
        var report = new ClusterReport
        {
            Kind = "zookeeper",
            Name = "zk",
            State = "ok",
            Members = [new MemberReport { Address = "h:1", State = "serving", Details = new() { ["latencyAvgMs"] = value, ["f"] = (float)value } }],
            Details = new() { ["maxLatencyMs"] = value, ["nullable"] = (double?)value },
        };

        foreach (var options in new[] { MonitorJson.Options, MonitorJson.Compact })
        {
            var json = JsonSerializer.Serialize(report, options);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("maxLatencyMs").ValueKind);
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("nullable").ValueKind);
            var member = doc.RootElement.GetProperty("members")[0];
            Assert.Equal(JsonValueKind.Null, member.GetProperty("latencyAvgMs").ValueKind);
            Assert.Equal(JsonValueKind.Null, member.GetProperty("f").ValueKind);
        }
    }

    [Fact]
    public void Finite_numbers_are_written_unchanged_and_read_back()
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, double> { ["a"] = 1.5, ["b"] = -0.25 }, MonitorJson.Options);

        Assert.Equal(1.5, JsonSerializer.Deserialize<Dictionary<string, double>>(json, MonitorJson.Options)!["a"]);
        Assert.Contains("-0.25", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensemble_report_with_a_non_finite_member_latency_is_valid_json()
    {
        var member = new ZooKeeperMemberResult
        {
            UnitId = "h:1",
            At = DateTimeOffset.UnixEpoch,
            Duration = TimeSpan.FromMilliseconds(3),
            Address = new HostPort("h", 1),
            State = ZooKeeperMemberState.Serving,
            Role = ZooKeeperRole.Standalone,
            LatencyAvgMs = double.NaN,
            UptimeSeconds = double.PositiveInfinity,
        };
        var report = new ZooKeeperEnsembleObservation(new ClusterRef(ZooKeeperKind.KindName, "zk"), DateTimeOffset.UnixEpoch, [member]).ToReport();

        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(report, MonitorJson.Options));

        var m = doc.RootElement.GetProperty("members")[0];
        Assert.Equal("serving", m.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, m.GetProperty("latencyAvgMs").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("uptimeSeconds").ValueKind);
    }
}
