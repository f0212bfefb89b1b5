using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Notify.Delivery;

namespace QuorumMonitor.Host;

/// <summary>
/// <c>/api/v1/deadletters</c>: what <c>monitor deadletters list|retry|drop</c> talks to. Listing is a read like the
/// rest of the API. Retry and drop change what gets paged, so they answer only on loopback (whatever
/// <c>--urls</c> binds) and only with the <see cref="ActionHeader"/> header, which a browser cannot send cross-site
/// without a CORS preflight the monitor never grants: no web page can make a visitor's browser drop a page.
/// </summary>
public static class DeadLetterEndpoints
{
    public const string ActionHeader = "X-Quorum-Monitor-Action";

    public static void MapDeadLetters(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/deadletters", (IServiceProvider sp) => WithDelivery(sp, d =>
            Results.Json(new { deadLetters = d.DeadLetters() }, MonitorJson.Options)));
        app.MapPost("/api/v1/deadletters/{seq:long}/retry", (long seq, HttpContext http, IServiceProvider sp) => Mutate(http, sp, seq, "retry", d => d.RetryDeadLetter(seq)));
        app.MapPost("/api/v1/deadletters/{seq:long}/drop", (long seq, HttpContext http, IServiceProvider sp) => Mutate(http, sp, seq, "drop", d => d.DropDeadLetter(seq)));
    }

    private static IResult Mutate(HttpContext http, IServiceProvider sp, long seq, string action, Func<DeliveryService, bool> apply)
    {
        if (http.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return Error(StatusCodes.Status403Forbidden, $"dead letters can be changed only from the monitor's own host (loopback), not from {http.Connection.RemoteIpAddress}");
        }

        if (!http.Request.Headers.ContainsKey(ActionHeader))
        {
            return Error(StatusCodes.Status403Forbidden, $"missing the {ActionHeader} header (use 'monitor deadletters {action}')");
        }

        return WithDelivery(sp, d => apply(d)
            ? Results.Json(new { seq, action }, MonitorJson.Options)
            : Error(StatusCodes.Status404NotFound, $"no dead letter {seq}"));
    }

    private static IResult WithDelivery(IServiceProvider sp, Func<DeliveryService, IResult> handle)
    {
        if (sp.GetService<DeliveryService>() is not { } delivery)
        {
            return Error(StatusCodes.Status404NotFound, "this monitor has no notify: section, so no dead letters");
        }

        try
        {
            return handle(delivery);
        }
        catch (SqliteException ex)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, $"the state file (notify.stateFile) is not available right now: {ex.Message}");
        }
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, MonitorJson.Options, statusCode: status);
}
