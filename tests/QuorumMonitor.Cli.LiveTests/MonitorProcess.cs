using System.Diagnostics;
using System.Text;

namespace QuorumMonitor.Cli.Tests;

/// <summary>The built <c>monitor</c> executable run as a separate process, as an operator or script runs it.</summary>
internal sealed class MonitorProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    public MonitorProcess(params string[] args)
        : this([], args)
    {
    }

    /// <param name="wrapper">A command the monitor runs under (e.g. <c>taskset -c 0 nice -n 10</c>); empty for none.</param>
    public MonitorProcess(IReadOnlyList<string> wrapper, params string[] args)
    {
        var psi = new ProcessStartInfo(wrapper.Count > 0 ? wrapper[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var w in wrapper.Skip(1).Concat(wrapper.Count > 0 ? ["dotnet"] : []))
        {
            psi.ArgumentList.Add(w);
        }

        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "monitor.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Stdout.Contains(text, StringComparison.Ordinal))
            {
                return Stdout;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"'{text}' not printed. stdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    /// <summary>SIGKILL, as a crash or <c>kill -9</c>: no shutdown code runs.</summary>
    public void KillHard()
    {
        Process.Start("kill", ["-KILL", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        _process.WaitForExit(10_000);
    }

    public void Terminate() => Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            sb.AppendLine(line);
        }
    }
}
