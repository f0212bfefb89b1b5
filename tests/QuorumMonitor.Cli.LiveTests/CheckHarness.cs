using System.Text.Json;

namespace QuorumMonitor.Cli.Tests;

/// <summary>Runs <c>monitor check</c> in-process on a config text, as a script would.</summary>
internal static class CheckHarness
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

        public IEnumerable<JsonElement> Alerts(string state = "firing") =>
            Json.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("state").GetString() == state);

        public JsonElement Members(int cluster = 0) => Json.GetProperty("clusters")[cluster].GetProperty("members");
    }

    public static async Task<Outcome> RunAsync(string yaml, params string[] extra)
    {
        var path = Path.Combine(Path.GetTempPath(), $"monitor-test-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        try
        {
            return await RunArgsAsync(["check", "--config", path, .. extra]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static async Task<Outcome> RunArgsAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }
}
