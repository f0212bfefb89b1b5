using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Notify.Delivery;

namespace QuorumMonitor.Notify.Tests;

/// <summary>
/// Issue 12, must-show 4 and the classification table, on fake time with an in-process receiver: delivery errors are
/// acted on by meaning. Only what can never succeed is dead-lettered; a 404 from an ingress mid-deploy is retried
/// slowly (with an alarm) and delivered; a Retry-After of 57 days waits maxBackoff at most.
/// </summary>
public sealed class DeliveryErrorMeaningTests : IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(20);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Config(string failingAfter = "1h") => $$"""
          stateFile: state.db
          failingAfter: {{failingAfter}}
          retry: {initialBackoff: 1s, maxBackoff: 20s, rateLimitedBackoff: 2s}
          channels:
            - name: hook
              webhook: {url: "http://127.0.0.1:9/hook"}
            - name: ops
              webhook: {url: "http://127.0.0.1:9/ops"}
          routes:
            - severities: [page]
              channels: [hook]
          fallback: ops
        """;

    [Theory]
    [InlineData(400, DeliveryOutcomeKind.Invalid)]
    [InlineData(422, DeliveryOutcomeKind.Invalid)]
    [InlineData(401, DeliveryOutcomeKind.Refused)]
    [InlineData(402, DeliveryOutcomeKind.Refused)]
    [InlineData(403, DeliveryOutcomeKind.Refused)]
    [InlineData(404, DeliveryOutcomeKind.ClientError)]
    [InlineData(405, DeliveryOutcomeKind.ClientError)]
    [InlineData(409, DeliveryOutcomeKind.ClientError)]
    [InlineData(413, DeliveryOutcomeKind.ClientError)]
    [InlineData(425, DeliveryOutcomeKind.ClientError)]
    [InlineData(418, DeliveryOutcomeKind.ClientError)]
    [InlineData(301, DeliveryOutcomeKind.ClientError)]
    [InlineData(307, DeliveryOutcomeKind.ClientError)]
    [InlineData(408, DeliveryOutcomeKind.Transient)]
    [InlineData(429, DeliveryOutcomeKind.Transient)]
    [InlineData(500, DeliveryOutcomeKind.Transient)]
    [InlineData(502, DeliveryOutcomeKind.Transient)]
    [InlineData(503, DeliveryOutcomeKind.Transient)]
    public void Each_status_code_is_classified_by_what_it_means(int code, DeliveryOutcomeKind kind)
    {
        var outcome = HttpDelivery.Classify((HttpStatusCode)code, "x", "{}", null, null, Incidents.T0);

        Assert.Equal(kind, outcome.Kind);
        var retry = new NotifyRetryConfig { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = MaxBackoff, RateLimitedBackoff = TimeSpan.FromSeconds(2) };
        var wait = new Backoff(retry, new Randomizer(new Random(1))).After(1, outcome);
        // Slow retry for what a human may have to fix; never longer than maxBackoff for anything.
        if (kind is DeliveryOutcomeKind.Refused or DeliveryOutcomeKind.ClientError)
        {
            Assert.Equal(MaxBackoff, wait);
        }
        else
        {
            Assert.True(wait < MaxBackoff, $"{code}: {wait}");
        }
    }

    [Fact]
    public void Retry_After_is_capped_at_maxBackoff_in_both_forms_and_the_date_form_uses_the_injected_clock()
    {
        var retry = new NotifyRetryConfig { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = MaxBackoff, RateLimitedBackoff = TimeSpan.FromSeconds(2) };
        var backoff = new Backoff(retry, new Randomizer(new Random(1)));
        // Far from the real clock: a date form read against DateTimeOffset.UtcNow would be off by years.
        var now = new DateTimeOffset(2041, 3, 1, 12, 0, 0, TimeSpan.Zero);

        var delta = HttpDelivery.Classify(HttpStatusCode.TooManyRequests, null, "", new RetryConditionHeaderValue(TimeSpan.FromSeconds(5_000_000)), null, now);
        var farDate = HttpDelivery.Classify(HttpStatusCode.TooManyRequests, null, "", new RetryConditionHeaderValue(now.AddDays(57)), null, now);
        var nearDate = HttpDelivery.Classify(HttpStatusCode.TooManyRequests, null, "", new RetryConditionHeaderValue(now.AddSeconds(12)), null, now);

        Assert.Equal(TimeSpan.FromSeconds(5_000_000), delta.RetryAfter);
        Assert.Equal(MaxBackoff, backoff.After(1, delta));
        Assert.Equal(MaxBackoff, backoff.After(1, farDate));
        Assert.Equal(TimeSpan.FromSeconds(12), nearDate.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(12), backoff.After(1, nearDate));
    }

    [Fact]
    public void A_seeded_randomizer_gives_the_same_jitter_every_run()
    {
        var retry = new NotifyRetryConfig { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromMinutes(5) };
        var failure = new DeliveryOutcome(DeliveryOutcomeKind.Transient, "http-503", "HTTP 503");
        var a = new Backoff(retry, new Randomizer(new Random(42)));
        var b = new Backoff(retry, new Randomizer(new Random(42)));

        var first = Enumerable.Range(1, 6).Select(n => a.After(n, failure)).ToList();
        var second = Enumerable.Range(1, 6).Select(n => b.After(n, failure)).ToList();

        Assert.Equal(first, second);
        Assert.True(first.Distinct().Count() > 1);
    }

    [Fact]
    public async Task A_404_once_then_200_is_delivered_after_a_slow_retry_and_alarms_meanwhile()
    {
        var time = new FakeTimeProvider(Incidents.T0);
        var receiver = new FakeReceiver(time);
        receiver.Answer = (_, request) => request.RequestUri!.AbsolutePath == "/hook" && receiver.Requests.Count(r => r.Path == "/hook") == 1
            ? FakeReceiver.Status(404, "<html>ingress: no backend</html>")
            : FakeReceiver.Status(202);
        await using var h = await DeliveryHarness.StartAsync(Config(), _dir.Path, time, receiver.Register);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-404")));
        await FakeReceiver.AdvanceUntilAsync(time, () => receiver.Requests.Any(r => r.Path == "/ops"), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), "alarm on the fallback");
        var alarm = receiver.Requests.First(r => r.Path == "/ops");
        Assert.Contains("HTTP 404", alarm.Json.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, h.Delivery.Report().DeadLetters);
        Assert.Equal(1, h.Delivery.Report().QueueDepth);

        await FakeReceiver.AdvanceUntilAsync(time, () => h.Delivery.Report().QueueDepth == 0, TimeSpan.FromSeconds(1), MaxBackoff * 2, "page delivered");
        var pages = receiver.Requests.Where(r => r.Path == "/hook").ToList();
        Assert.Equal(2, pages.Count);
        Assert.All(pages, p => Assert.Equal("inc-404", p.DedupKey));
        Assert.InRange(pages[1].At - pages[0].At, MaxBackoff - TimeSpan.FromSeconds(1), MaxBackoff + TimeSpan.FromSeconds(2));
        Assert.Equal(0, h.Delivery.Report().DeadLetters);

        // The alarm resolves once the channel delivers again.
        await FakeReceiver.AdvanceUntilAsync(time, () => receiver.Requests.Any(r => r.Path == "/ops" && r.Action == "resolve"), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), "alarm resolved");
        Assert.Empty(h.Delivery.Alerts());
    }

    [Fact]
    public async Task Retry_After_5000000_then_200_is_delivered_within_maxBackoff_of_the_recovery()
    {
        var time = new FakeTimeProvider(Incidents.T0);
        var receiver = new FakeReceiver(time);
        receiver.Answer = (i, _) =>
        {
            if (i > 0)
            {
                return FakeReceiver.Status(202);
            }

            var limited = FakeReceiver.Status(429, """{"status":"throttle"}""");
            limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(5_000_000));
            return limited;
        };
        await using var h = await DeliveryHarness.StartAsync(Config(), _dir.Path, time, receiver.Register);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-429")));
        await FakeReceiver.AdvanceUntilAsync(time, () => receiver.Requests.Count == 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), "first attempt");
        var recoveredAt = receiver.Requests[0].At; // answers 202 from here on
        await FakeReceiver.AdvanceUntilAsync(time, () => h.Delivery.Report().QueueDepth == 0, TimeSpan.FromSeconds(1), MaxBackoff * 3, "page delivered");

        var pages = receiver.Requests.Where(r => r.Path == "/hook").ToList();
        Assert.Equal(2, pages.Count);
        Assert.True(pages[1].At - recoveredAt <= MaxBackoff + TimeSpan.FromSeconds(1), $"delivered {pages[1].At - recoveredAt} after the recovery");
        Assert.DoesNotContain("loop of hook failed", h.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PagerDuty_invalid_event_answer_is_dead_lettered_whatever_its_status()
    {
        var time = new FakeTimeProvider(Incidents.T0);
        var receiver = new FakeReceiver(time) { Answer = (_, _) => FakeReceiver.Status(404, """{"status":"invalid event","message":"Event object is invalid","errors":["'payload.summary' is missing"]}""") };
        await using var h = await DeliveryHarness.StartAsync("""
              stateFile: state.db
              retry: {initialBackoff: 1s, maxBackoff: 20s}
              channels:
                - name: pd
                  pagerduty: {routingKey: abcdefabcdefabcdefabcdefabcdef12, url: "http://127.0.0.1:9/v2/enqueue"}
            """, _dir.Path, time, receiver.Register);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-invalid")));
        await FakeReceiver.AdvanceUntilAsync(time, () => h.Delivery.Report().DeadLetters == 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), "dead-lettered");
        await FakeReceiver.AdvanceAsync(time, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));

        Assert.Single(receiver.Requests);
        Assert.Equal(0, h.Delivery.Report().QueueDepth);
        Assert.Contains("invalid event", Assert.Single(h.Delivery.DeadLetters()).Reason, StringComparison.Ordinal);
    }
}
