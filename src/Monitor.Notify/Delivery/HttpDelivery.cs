using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Monitor.Core.Config;

namespace Monitor.Notify.Delivery;

/// <summary>Posts JSON and classifies the answer: what is worth retrying, what never is, what needs a human.</summary>
internal static class HttpDelivery
{
    private const int MaxDetail = 300;

    public static async Task<DeliveryOutcome> PostJsonAsync(HttpClient http, Uri url, string json, TimeSpan timeout, Secret? secret, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(url, content, deadline.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return DeliveryOutcome.Delivered;
            }

            var body = await ReadSomeAsync(response, deadline.Token).ConfigureAwait(false);
            return Classify(response.StatusCode, response.ReasonPhrase, body, response.Headers.RetryAfter, secret);
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

    public static DeliveryOutcome Classify(HttpStatusCode status, string? phrase, string body, RetryConditionHeaderValue? retryAfter, Secret? secret)
    {
        var code = (int)status;
        var detail = $"HTTP {code} {phrase}".TrimEnd() + (body.Length > 0 ? $": {Scrub(body, secret)}" : "");
        var reason = $"http-{code.ToString(CultureInfo.InvariantCulture)}";
        return code switch
        {
            429 => new DeliveryOutcome(DeliveryOutcomeKind.Transient, "rate-limited", detail, RetryAfterOf(retryAfter)),
            408 or >= 500 => new DeliveryOutcome(DeliveryOutcomeKind.Transient, reason, detail),
            401 or 402 or 403 => new DeliveryOutcome(DeliveryOutcomeKind.Refused, reason, detail),
            _ => new DeliveryOutcome(DeliveryOutcomeKind.Invalid, reason, detail),
        };
    }

    private static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? value) => value switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            text = text.ReplaceLineEndings(" ").Trim();
            return text.Length > MaxDetail ? text[..MaxDetail] + "..." : text;
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    /// <summary>A receiver may quote our request back (PagerDuty echoes fields in errors): the key must not reach a log.</summary>
    private static string Scrub(string text, Secret? secret)
    {
        var key = secret?.Reveal();
        return string.IsNullOrEmpty(key) ? text : text.Replace(key, "***", StringComparison.Ordinal);
    }
}
