namespace QuorumMonitor.Cli.Tests;

/// <summary>Issue 15, scope 1: <c>monitor permit acquire --force</c> needs <c>--reason</c>; without one it is an error (exit 3) before any request.</summary>
public class PermitForceOptionTests
{
    [Fact]
    public async Task Force_without_a_reason_exits_3_saying_so_and_asks_nothing()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // The URL is a port nothing listens on: had it asked, the error would be a connection failure instead.
        var code = await CliApp.RunAsync(["permit", "acquire", "--cluster", "orders", "--member", "primary", "--force", "--url", "http://127.0.0.1:1"], stdout, stderr, CancellationToken.None);

        Assert.Equal(ExitCodes.Unknown, code);
        Assert.Equal("monitor: permit acquire: --force needs --reason (it is logged and shown with the permit)", stderr.ToString().Trim());
        Assert.Equal("", stdout.ToString());
    }
}
