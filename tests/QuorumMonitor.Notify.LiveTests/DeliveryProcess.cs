using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Notify.Tests;

/// <summary>
/// Alert delivery in a child process of its own (<c>QuorumMonitor.Notify.TestHost</c>: <c>AddMonitorNotify</c> and its
/// worker, fed incident changes on stdin), so that a test can SIGKILL it as a crash or <c>kill -9</c> would.
/// </summary>
internal sealed class DeliveryProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private DeliveryProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<DeliveryProcess> StartAsync(string configPath)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QuorumMonitor.Notify.TestHost.dll"));
        psi.ArgumentList.Add(configPath);
        var process = Process.Start(psi)!;
        var p = new DeliveryProcess(process);
        process.OutputDataReceived += (_, e) => p.Append(e.Data);
        process.ErrorDataReceived += (_, e) => p.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await p.WaitForOutputAsync("ready pid", TimeSpan.FromSeconds(30));
        return p;
    }

    public async Task SendAsync(IncidentChange change)
    {
        var before = CountOf("accepted ");
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(change, MonitorJson.Compact));
        await _process.StandardInput.FlushAsync();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (CountOf("accepted ") == before)
        {
            if (DateTime.UtcNow > until || _process.HasExited)
            {
                throw new TimeoutException($"change not accepted:\n{Output}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the outbox is empty: every notification so far was accepted and removed.</summary>
    public async Task WaitForEmptyOutboxAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            var before = Output.Length;
            await _process.StandardInput.WriteLineAsync("status");
            await _process.StandardInput.FlushAsync();
            await Task.Delay(50);
            if (Output[before..].Contains("\"queueDepth\":0,", StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new TimeoutException($"outbox not empty after {timeout.TotalSeconds}s:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, no cleanup runs.</summary>
    public void KillHard()
    {
        using var kill = Process.Start("kill", ["-KILL", Pid.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        _process.WaitForExit(10_000);
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > until || _process.HasExited)
            {
                throw new TimeoutException($"'{text}' not printed (exited: {_process.HasExited}):\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private int CountOf(string text)
    {
        var output = Output;
        var count = 0;
        for (var i = output.IndexOf(text, StringComparison.Ordinal); i >= 0; i = output.IndexOf(text, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }
}
