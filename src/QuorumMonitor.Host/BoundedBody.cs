using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace QuorumMonitor.Host;

/// <summary>A request body read whole, up to a limit: what a mutating endpoint parses, never more than it can hold.</summary>
public static class BoundedBody
{
    /// <returns>The body, or null when it is larger than <paramref name="maxBytes"/> (answer 413).</returns>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContext http, int maxBytes, CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        if (http.Request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = new byte[maxBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException)
        {
            return null;
        }

        return length > maxBytes ? null : buffer.AsMemory(0, length);
    }
}
