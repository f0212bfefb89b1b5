using System.CommandLine;
using QuorumMonitor.Cli.Commands;
using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Cli;

/// <summary>The <c>monitor</c> command line. Usage and config errors exit 3 (unknown) with a message, never a stack trace.</summary>
public static class CliApp
{
    /// <summary>
    /// How long SIGTERM or Ctrl+C waits for a command to finish after cancelling it. System.CommandLine's default (2 s)
    /// cut <c>monitor lab</c> off half-way through killing its servers on a busy machine (exit 143, servers left
    /// running) and could cut <c>monitor run</c> off before its last outbox write; systemd's own stop timeout
    /// (90 s) stays the outer bound.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Quorum Monitor: quorum-aware health checks for ZooKeeper, Kafka and MySQL clusters.")
        {
            CheckCommand.Create(output, error),
            RunCommand.Create(output, error),
            LabCommand.Create(output, error),
            StatusCommand.Create(output, error),
            TriageCommand.Create(output, error),
            DeadLettersCommand.Create(output, error),
            ConfigCommand.Create(output, error),
            PermitCommand.Create(output, error),
            DrillCommand.Create(output, error),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                await error.WriteLineAsync($"monitor: {e.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'monitor --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Unknown;
        }

        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = output,
                    Error = error,
                    EnableDefaultExceptionHandler = false,
                    ProcessTerminationTimeout = ShutdownTimeout,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigException ex)
        {
            await WriteConfigErrorsAsync(error, ex).ConfigureAwait(false);
            return ExitCodes.Unknown;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Unknown;
        }
#pragma warning disable CA1031 // The CLI contract: any failure is exit 3 with one line, not a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"monitor: internal error: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unknown;
        }
    }

    internal static async Task WriteConfigErrorsAsync(TextWriter error, ConfigException ex)
    {
        await error.WriteLineAsync("monitor: invalid config:").ConfigureAwait(false);
        foreach (var e in ex.Errors)
        {
            await error.WriteLineAsync($"  {e}").ConfigureAwait(false);
        }
    }
}
