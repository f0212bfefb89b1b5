using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>Posts JSON and classifies the answer by what it means: worth retrying, never worth it, or needing a human.</summary>
internal static class HttpDelivery
{
    /// <summary>Enough of a receiver's error body to explain it; nothing more is read off the network.</summary>
    public const int MaxBodyBytes = 4096;

    private const int MaxDetail = 300;

    /// <param name="invalidBody">Recognises a receiver's own "this message is invalid" answer (PagerDuty: status
    /// "invalid event"), which is dead-lettered whatever its status code.</param>
    public static async Task<DeliveryOutcome> PostJsonAsync(HttpClient http, Uri url, string json, TimeSpan timeout, Secret? secret, TimeProvider time, CancellationToken cancellationToken, Func<string, bool>? invalidBody = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return DeliveryOutcome.Delivered;
            }

            var body = await ReadSomeAsync(response, deadline.Token).ConfigureAwait(false);
            var outcome = Classify(response.StatusCode, response.ReasonPhrase, body, response.Headers.RetryAfter, secret, time.GetUtcNow());
            return invalidBody is not null && (int)response.StatusCode is >= 400 and < 500 && invalidBody(body)
                ? outcome with { Kind = DeliveryOutcomeKind.Invalid }
                : outcome;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(DeliveryOutcomeKind.Transient, "timeout", $"no answer from {url.Authority} within {timeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryOutcome(DeliveryOutcomeKind.Transient, "connection", $"{url.Authority}: {Scrub(ex.Message, secret)}");
        }
    }

    /// <summary>
    /// Dead-letter only what can never succeed (400, 422); retry slowly with an alarm what a human may have to fix
    /// or what may pass (401-403, 404, 405, 409, 413, 425, other 4xx, redirects); retry with backoff what passes by
    /// itself (408, 429, 5xx, anything else).
    /// </summary>
    /// <param name="now">For a Retry-After given as a date.</param>
    public static DeliveryOutcome Classify(HttpStatusCode status, string? phrase, string body, RetryConditionHeaderValue? retryAfter, Secret? secret, DateTimeOffset now)
    {
        var code = (int)status;
        var text = Shorten(Scrub(body, secret));
        var detail = $"HTTP {code} {phrase}".TrimEnd() + (text.Length > 0 ? $": {text}" : "");
        var reason = $"http-{code.ToString(CultureInfo.InvariantCulture)}";
        return code switch
        {
            429 => new DeliveryOutcome(DeliveryOutcomeKind.Transient, "rate-limited", detail, RetryAfterOf(retryAfter, now)),
            408 or >= 500 => new DeliveryOutcome(DeliveryOutcomeKind.Transient, reason, detail),
            400 or 422 => new DeliveryOutcome(DeliveryOutcomeKind.Invalid, reason, detail),
            401 or 402 or 403 => new DeliveryOutcome(DeliveryOutcomeKind.Refused, reason, detail),
            >= 300 and < 500 => new DeliveryOutcome(DeliveryOutcomeKind.ClientError, reason, detail),
            _ => new DeliveryOutcome(DeliveryOutcomeKind.Transient, reason, detail),
        };
    }

    /// <summary>Both header forms; a date in the past means now. Capping is the backoff's job.</summary>
    private static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? value, DateTimeOffset now) => value switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>At most <see cref="MaxBodyBytes"/>, whatever the receiver sends or claims to send.</summary>
    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxBodyBytes];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, filled);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return "";
        }
    }

    private static string Shorten(string body)
    {
        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length > MaxDetail ? text[..MaxDetail] + "..." : text;
    }

    /// <summary>A receiver may quote our request back (PagerDuty echoes fields in errors): the key must not reach a log.</summary>
    private static string Scrub(string text, Secret? secret)
    {
        var key = secret?.Reveal();
        return string.IsNullOrEmpty(key) ? text : text.Replace(key, "***", StringComparison.Ordinal);
    }
}
