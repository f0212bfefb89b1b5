using QuorumMonitor.MySql.Probes.Handshake;
using QuorumMonitor.MySql.Probes;

namespace QuorumMonitor.MySql.Tests;

/// <summary>The first packet a server sends, as bytes a real server and a refusing one send.</summary>
public sealed class GreetingTests
{
    [Fact]
    public void MariaDb_handshake_gives_the_real_version_without_the_compatibility_prefix()
    {
        byte[] payload = [10, .. "5.5.5-10.11.19-MariaDB-0+deb12u1-log"u8, 0, 42, 0, 0, 0, .. new byte[20]];

        var greeting = MySqlGreeting.Parse(payload);

        Assert.False(greeting.IsError);
        Assert.Equal("10.11.19-MariaDB-0+deb12u1-log", greeting.ServerVersion);
        Assert.Equal(42u, greeting.ConnectionId);
    }

    [Fact]
    public void Error_packet_in_place_of_a_handshake_gives_code_and_message()
    {
        byte[] payload = [0xFF, 0x10, 0x04, .. "Too many connections"u8];

        var greeting = MySqlGreeting.Parse(payload);

        Assert.True(greeting.IsError);
        Assert.Equal(1040, greeting.ErrorCode);
        Assert.Equal("Too many connections", greeting.ErrorMessage);
    }

    [Fact]
    public void Error_packet_with_sql_state_marker_drops_the_marker()
    {
        byte[] payload = [0xFF, 0x69, 0x04, .. "#HY000Host '10.0.0.9' is blocked"u8];

        Assert.Equal("Host '10.0.0.9' is blocked", MySqlGreeting.Parse(payload).ErrorMessage);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 9, 0x41, 0 })]
    [InlineData(new byte[] { 10, 0x41, 0x42 })]
    [InlineData(new byte[] { 0xFF, 1 })]
    public void Anything_else_is_a_format_error(byte[] payload) =>
        Assert.Throws<FormatException>(() => MySqlGreeting.Parse(payload));
}
