using System.Globalization;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Lab.Alertmanager;

/// <summary>
/// A real Alertmanager (Debian's <c>prometheus-alertmanager</c>) on a free loopback port with its own config and
/// storage folder, gossip off (<c>--cluster.listen-address=</c>): each instance stands alone, as an HA member whose
/// peers are unreachable would. Disposing it kills it by pid.
/// </summary>
public sealed class AlertmanagerServer : IDisposable
{
    public const string Binary = "/usr/bin/prometheus-alertmanager";

    private readonly LabProcess _process;

    private AlertmanagerServer(LabProcess process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    public int Pid => _process.Pid;

    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public string LogFile => _process.LogFile;

    public static AlertmanagerServer Start(string configYaml, FreePorts ports, LabDirectory lab, string name = "alertmanager")
    {
        var dir = lab.Sub(name);
        var config = Path.Combine(dir, "alertmanager.yml");
        File.WriteAllText(config, configYaml);
        var port = ports.Next();
        var process = LabProcess.Start(
            name,
            Binary,
            [
                $"--config.file={config}",
                $"--storage.path={Path.Combine(dir, "data")}",
                $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
                "--cluster.listen-address=",
                "--log.level=debug",
            ],
            dir,
            Path.Combine(dir, "alertmanager.log"),
            lab.PidDir);
        return new AlertmanagerServer(process, port, dir);
    }

    /// <summary>Waits until <c>/-/ready</c> answers 200.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // Real servers start on the real clock.
        var until = TimeProvider.System.GetUtcNow() + timeout;
        while (TimeProvider.System.GetUtcNow() < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"alertmanager exited; see {LogFile}:\n{ReadLog()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url, "/-/ready"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow start.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"alertmanager not ready on {Url} after {timeout.TotalSeconds}s:\n{ReadLog()}");
    }

    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();
}
