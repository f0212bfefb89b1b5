using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Host;

/// <summary>
/// <c>/api/v1/permits</c>: restart permits for config tools (what <c>monitor permit</c> talks to). Listing is open
/// like the rest of the API; acquiring and releasing need a bearer token from <c>api.tokens</c> (<see cref="ApiTokens"/>).
/// </summary>
public static class PermitEndpoints
{
    /// <summary>
    /// The broker and the token check; the kinds add their judges. With <c>notify:</c> configured the permits live in
    /// its state file and survive a restart; without it, in memory.
    /// </summary>
    public static IServiceCollection AddPermitApi(this IServiceCollection services, MonitorConfig config)
    {
        if (config.Notify is { } notify)
        {
            services.AddSingleton<IPermitStore>(sp => SqlitePermitStore.Open(notify.StateFile, sp.GetRequiredService<ILogger<SqlitePermitStore>>()));
        }

        return services.AddPermits().AddSingleton(new ApiTokens(config.Api)).AddSingleton<PermitMetrics>();
    }

    public static void MapPermits(this IEndpointRouteBuilder app)
    {
        _ = app.ServiceProvider.GetRequiredService<PermitMetrics>(); // its families appear on /metrics from the first scrape
        app.MapGet("/api/v1/permits", (PermitBroker broker) => Results.Json(new { permits = broker.List(), refused = broker.RecentRefusals() }, MonitorJson.Options));
        app.MapPost("/api/v1/permits", AcquireAsync);
        app.MapDelete("/api/v1/permits/{id:long}", (long id, HttpContext http, PermitBroker broker, ApiTokens tokens) =>
            tokens.Refuse(http) ?? (broker.Release(id) is { } permit
                ? Results.Json(permit, MonitorJson.Options)
                : Error(StatusCodes.Status404NotFound, $"no permit {id}")));
    }

    private static async Task<IResult> AcquireAsync(HttpContext http, PermitBroker broker, ApiTokens tokens, PermitMetrics metrics, CancellationToken cancellationToken)
    {
        if (tokens.Refuse(http) is { } refused)
        {
            return refused;
        }

        var (request, error, status) = await PermitRequestReader.ReadAsync(http, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return Error(status, error!);
        }

        var decision = broker.Request(request);
        metrics.Decided(request, decision);
        return decision.Outcome switch
        {
            PermitOutcome.Granted => Results.Json(decision.Permit, MonitorJson.Options, statusCode: StatusCodes.Status201Created),
            PermitOutcome.Refused => Results.Json(new { error = decision.Reason, remedy = decision.Remedy }, MonitorJson.Options, statusCode: StatusCodes.Status409Conflict),
            PermitOutcome.NotFound => Error(StatusCodes.Status404NotFound, decision.Reason!),
            _ => Error(StatusCodes.Status400BadRequest, decision.Reason!),
        };
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, MonitorJson.Options, statusCode: status);
}
