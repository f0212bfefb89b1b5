using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Runtime.Reload;

namespace QuorumMonitor.Host;

/// <summary>
/// <c>POST /-/reload</c> (Prometheus's path): reads the config file again, as <c>SIGHUP</c> does. Mutating, so it needs
/// a bearer token from <c>api.tokens</c> (<see cref="ApiTokens"/>); none configured = refused, saying how to enable it.
/// 200 with what changed; 422 with the errors (field and line) when the file is invalid, the running config staying.
/// </summary>
public static class ReloadEndpoints
{
    public const string Path = "/-/reload";

    public static void MapReload(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, async (HttpContext http, ApiTokens tokens, ConfigReloader reloader, CancellationToken cancellationToken) =>
        {
            if (tokens.Refuse(http) is { } refused)
            {
                return refused;
            }

            var outcome = await reloader.ReloadAsync($"POST {Path}", cancellationToken).ConfigureAwait(false);
            if (outcome.Succeeded && outcome.Diff is { } d)
            {
                return Results.Json(new
                {
                    reloaded = true,
                    changes = d.ToString(),
                    changed = d.Changed.Select(c => c.ToString()),
                    added = d.Added.Select(c => c.ToString()),
                    removed = d.Removed.Select(c => c.ToString()),
                }, MonitorJson.Options);
            }

            return Results.Json(new
            {
                reloaded = false,
                error = string.Join("; ", outcome.Errors),
                errors = outcome.Errors.Select(e => new { field = e.Path, line = e.Line, message = e.Message }),
            }, MonitorJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity);
        });
}
