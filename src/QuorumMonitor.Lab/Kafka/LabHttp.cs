using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Lab.Kafka;

internal static class LabHttp
{
    /// <summary>Polls until the URL answers 200, the process exits, or the timeout passes.</summary>
    public static async Task WaitUntilAnswersAsync(Uri url, LabProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = TimeProvider.System.GetUtcNow() + timeout;
        while (TimeProvider.System.GetUtcNow() < until)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited at start; see {process.LogFile}");
            }

            try
            {
                using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
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
                // Listening but slow to answer; try again.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{process.Name} did not answer {url} within {timeout.TotalSeconds:0} s; see {process.LogFile}");
    }
}
