using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace QuorumMonitor.Notify.Tests;

/// <summary>
/// An in-process receiver: the primary handler of the notify HttpClient, answering as scripted, recording each
/// request with the fake time it arrived at. No socket, so timing can be asserted on fake time.
/// </summary>
internal sealed class FakeReceiver(TimeProvider time) : HttpMessageHandler
{
    private readonly List<FakeRequest> _requests = [];
    private readonly Lock _lock = new();

    /// <summary>Answer for the request with the given 0-based index (per receiver). Default 202.</summary>
    public Func<int, HttpRequestMessage, HttpResponseMessage> Answer { get; set; } = (_, _) => Status(202);

    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    public static HttpResponseMessage Status(int code, string body = "") =>
        new((HttpStatusCode)code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>Registers this as the primary handler of the notify HttpClient (after AddMonitorNotify).</summary>
    public void Register(IServiceCollection services) =>
        services.AddHttpClient(NotifyServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => this);

    /// <summary>Advances fake time in steps, letting the delivery loops run between steps, until the condition holds.</summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> done, TimeSpan step, TimeSpan max, string what)
    {
        for (var t = TimeSpan.Zero; t <= max; t += step)
        {
            for (var settle = 0; settle < 5; settle++)
            {
                if (done())
                {
                    return;
                }

                await Task.Delay(10);
            }

            time.Advance(step);
        }

        throw new TimeoutException($"{what}: not within {max} of fake time");
    }

    /// <summary>Advances fake time by <paramref name="span"/> in steps, letting the delivery loops run between steps.</summary>
    public static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan span, TimeSpan step)
    {
        for (var t = TimeSpan.Zero; t < span; t += step)
        {
            time.Advance(step);
            await Task.Delay(30);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        int index;
        lock (_lock)
        {
            index = _requests.Count;
            _requests.Add(new FakeRequest(index, request.RequestUri!.AbsolutePath, body, time.GetUtcNow()));
        }

        var response = Answer(index, request);
        response.RequestMessage = request;
        return response;
    }
}
