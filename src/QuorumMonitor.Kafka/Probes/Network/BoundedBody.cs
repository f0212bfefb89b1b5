using System.Text;

namespace QuorumMonitor.Kafka.Probes.Network;

/// <summary>
/// Reads an HTTP response body up to a limit. node_exporter answers in tens of KiB and a range query in less; a source
/// that sends more (a misrouted URL, a hostile or broken server, an endless stream) fails its probe instead of filling memory.
/// </summary>
public static class BoundedBody
{
    /// <summary>The largest body a NIC source may answer.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <exception cref="NicSourceException">The body is longer than <paramref name="maxBytes"/>.</exception>
    public static async Task<string> ReadAsync(HttpResponseMessage response, string source, CancellationToken cancellationToken, int maxBytes = MaxBytes)
    {
        if (response.Content.Headers.ContentLength is > 0 and var declared && declared > maxBytes)
        {
            throw TooLarge(source, maxBytes);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(source, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    private static NicSourceException TooLarge(string source, int maxBytes) =>
        new($"{source} answered more than {maxBytes / (1024 * 1024)} MiB; a NIC source's answer must be smaller (is the URL right?)");
}
