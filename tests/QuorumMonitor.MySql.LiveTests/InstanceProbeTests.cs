using QuorumMonitor.Lab.Timing;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.MySql.Probes;

namespace QuorumMonitor.MySql.Tests;

/// <summary>Instance states as the probe classifies them on a real MariaDB pair that every test leaves healthy.</summary>
public sealed class InstanceProbeTests(PairFixture fixture) : IClassFixture<PairFixture>
{
    [Fact]
    public async Task Healthy_primary_answers_with_its_version_server_id_and_gtid_position()
    {
        var primary = await Probes.RunAsync(Probes.For(fixture.Pair, MySqlRole.Primary));

        Assert.Equal(MySqlInstanceState.Ok, primary.State);
        Assert.Null(primary.Error);
        Assert.Contains("MariaDB", primary.Version, StringComparison.Ordinal);
        Assert.Equal(1, primary.ServerId);
        Assert.False(primary.ReadOnly);
        Assert.StartsWith("0-1-", primary.GtidPosition, StringComparison.Ordinal);
        Assert.True(primary.ReplicationChecked);
        Assert.Null(primary.Replication);
        Assert.NotNull(primary.GreetingTime);
    }

    [Fact]
    public async Task Healthy_replica_runs_both_threads_with_gtid_and_heartbeat_lag_under_a_few_seconds()
    {
        var replica = await Probes.RunAsync(Probes.For(fixture.Pair, MySqlRole.Replica));

        Assert.Equal(MySqlInstanceState.Ok, replica.State);
        var r = Assert.IsType<MySqlReplicationStatus>(replica.Replication);
        Assert.True(r.IoThreadRunning);
        Assert.True(r.SqlThreadRunning);
        // A number (NULL is what a stopped SQL thread reports) and small: right after another test restarted the SQL
        // thread, or while it applies a heartbeat on a loaded machine, it reads a second or two rather than 0.
        Assert.NotNull(r.SecondsBehindMaster);
        Assert.InRange(r.SecondsBehindMaster!.Value, 0L, 3L);
        Assert.Equal(fixture.Pair.Primary.Port, r.MasterPort);
        Assert.Equal(1, r.MasterServerId);
        Assert.Equal("Slave_Pos", r.UsingGtid);
        Assert.StartsWith("0-1-", r.GtidIoPosition, StringComparison.Ordinal);
        Assert.NotNull(replica.HeartbeatLagSeconds);
        Assert.InRange(replica.HeartbeatLagSeconds!.Value, -0.5, 3.0);
    }

    [Fact]
    public async Task Heartbeat_table_locked_by_another_session_is_a_query_timeout_not_a_handshake_timeout()
    {
        var deadline = TimeSpan.FromMilliseconds(1500);
        await using (await fixture.Pair.LockHeartbeatAsync())
        {
            // The probe's own deadline, not the runner's backstop: what it learned before the query hung is the point.
            var control = DeadlineControl.Start(deadline);
            var primary = (MySqlInstanceResult)await Probes.For(fixture.Pair, MySqlRole.Primary, deadline).ProbeAsync(CancellationToken.None);
            var controlOverrun = await control.StopAsync();

            Assert.Equal(MySqlInstanceState.QueryTimeout, primary.State);
            Assert.Contains("logged in, query not answered", primary.Error, StringComparison.Ordinal);
            Assert.NotNull(primary.GreetingTime);
            Assert.Equal(1, primary.ServerId);
            // At its deadline, not before; no later than an in-process unit with the same deadline hung at the same time
            // (a loaded machine's timer lateness), not a library's command timeout. Slack: grace plus the control's stagger.
            Assert.True(primary.Duration >= deadline - TimeSpan.FromMilliseconds(50), $"timed out after {primary.Duration}, before its deadline {deadline}");
            Assert.True(primary.Duration - deadline <= controlOverrun + TimeSpan.FromMilliseconds(250) + (deadline / 4),
                $"locked query took {primary.Duration.TotalMilliseconds:0} ms, the control at most {(deadline + controlOverrun).TotalMilliseconds:0} ms");
        }

        var after = await Probes.RunAsync(Probes.For(fixture.Pair, MySqlRole.Primary));
        Assert.Equal(MySqlInstanceState.Ok, after.State);
    }

    [Fact]
    public async Task Wrong_password_is_auth_failed_and_the_password_is_in_no_message()
    {
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(fixture.Directory.Root, "wrong-password");
        await File.WriteAllTextAsync(file, wrong);

        var primary = await Probes.RunAsync(Probes.For(fixture.Pair, MySqlRole.Primary, passwordFile: file));

        Assert.Equal(MySqlInstanceState.AuthFailed, primary.State);
        Assert.Contains("1045", primary.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, primary.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, primary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopped_sql_thread_shows_in_replica_status_with_the_io_thread_still_running()
    {
        await fixture.Pair.StopReplicaSqlThreadAsync();
        try
        {
            var replica = await Probes.RunAsync(Probes.For(fixture.Pair, MySqlRole.Replica));

            Assert.Equal(MySqlInstanceState.Ok, replica.State);
            var r = Assert.IsType<MySqlReplicationStatus>(replica.Replication);
            Assert.Equal("Yes", r.IoRunning);
            Assert.Equal("No", r.SqlRunning);
            Assert.Null(r.SecondsBehindMaster);
        }
        finally
        {
            await fixture.Pair.StartReplicaAsync();
            await fixture.Pair.WaitForReplicaAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Read_only_primary_is_its_own_state()
    {
        await fixture.Pair.Primary.ExecuteAsync("SET GLOBAL read_only = ON");
        try
        {
            var primary = await Probes.RunAsync(Probes.For(fixture.Pair, MySqlRole.Primary));

            Assert.Equal(MySqlInstanceState.ReadOnly, primary.State);
            Assert.True(primary.ReadOnly);
        }
        finally
        {
            await fixture.Pair.Primary.ExecuteAsync("SET GLOBAL read_only = OFF");
        }
    }
}
