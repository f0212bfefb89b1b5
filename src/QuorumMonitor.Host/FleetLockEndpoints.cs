using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Host;

/// <summary>
/// The FleetLock protocol (<c>POST /v1/pre-reboot</c>, <c>POST /v1/steady-state</c>) over restart permits, so a
/// FleetLock client asks this monitor for its reboot slot and gets one only when its cluster can afford it:
/// <c>client_params.group</c> is the cluster, <c>client_params.id</c> the member (as <c>/api/v1/permits</c> names it).
/// A pre-reboot is a permit request (held by <c>fleetlock:ID</c>; asking again while it holds one is granted again,
/// as the protocol's retries expect); a steady-state gives back what that id holds (and is fine when it holds nothing).
/// Both need the bearer token of every mutating endpoint. Errors are the protocol's <c>{"kind", "value"}</c>.
/// </summary>
public static class FleetLockEndpoints
{
    public static void MapFleetLock(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/pre-reboot", PreRebootAsync);
        app.MapPost("/v1/steady-state", SteadyStateAsync);
    }

    private static async Task<IResult> PreRebootAsync(HttpContext http, PermitBroker broker, ApiTokens tokens, PermitMetrics metrics, CancellationToken cancellationToken)
    {
        if (tokens.Refuse(http) is { } refused)
        {
            return refused;
        }

        var (request, kind, error, status) = await FleetLockRequestReader.ReadAsync(http, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return Error(status, kind, error!);
        }

        if (Held(broker, request).Any())
        {
            return Results.Json(new { }, MonitorJson.Options);
        }

        var permitRequest = new PermitRequest(request.Group, request.Id, null, request.Holder, "FleetLock pre-reboot");
        var decision = broker.Request(permitRequest);
        metrics.Decided(permitRequest, decision);
        return decision.Outcome switch
        {
            PermitOutcome.Granted => Results.Json(new { }, MonitorJson.Options),
            PermitOutcome.Refused => Error(StatusCodes.Status409Conflict, "failed_lock", decision.Reason + (decision.Remedy is { } r ? "; " + r : "")),
            PermitOutcome.NotFound => Error(StatusCodes.Status404NotFound, "not_found", decision.Reason!),
            _ => Error(StatusCodes.Status400BadRequest, "invalid_client_params", decision.Reason!),
        };
    }

    private static async Task<IResult> SteadyStateAsync(HttpContext http, PermitBroker broker, ApiTokens tokens, CancellationToken cancellationToken)
    {
        if (tokens.Refuse(http) is { } refused)
        {
            return refused;
        }

        var (request, kind, error, status) = await FleetLockRequestReader.ReadAsync(http, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return Error(status, kind, error!);
        }

        foreach (var permit in Held(broker, request).ToList())
        {
            broker.Release(permit.Id);
        }

        return Results.Json(new { }, MonitorJson.Options);
    }

    private static IEnumerable<Permit> Held(PermitBroker broker, FleetLockRequest request) =>
        broker.List().Where(p => p.IsHeld && p.Cluster == request.Group && p.Holder == request.Holder);

    private static IResult Error(int status, string kind, string value) => Results.Json(new { kind, value }, MonitorJson.Options, statusCode: status);
}
