namespace QuorumMonitor.Core.Reporting;

/// <summary>Typed reads of a report's <c>details</c> (values of the kinds' own choosing), for performance data.</summary>
public static class ReportDetails
{
    /// <summary>A number, or null when absent, not a number, or not finite.</summary>
    public static double? Number(IReadOnlyDictionary<string, object?> details, string key) => details.GetValueOrDefault(key) switch
    {
        int i => i,
        long l => l,
        double d when double.IsFinite(d) => d,
        _ => null,
    };

    /// <summary>A list of detail objects (consumer groups, broker-loss rows); empty when absent.</summary>
    public static List<IReadOnlyDictionary<string, object?>> Items(IReadOnlyDictionary<string, object?> details, string key) =>
        details.GetValueOrDefault(key) is IEnumerable<IReadOnlyDictionary<string, object?>> items ? items.ToList() : [];
}
