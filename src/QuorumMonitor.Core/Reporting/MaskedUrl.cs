namespace QuorumMonitor.Core.Reporting;

/// <summary>
/// URLs as <c>monitor config check</c> prints them. User info and query strings may hold credentials anywhere; a
/// notification channel's path often is one (a webhook token, an integration id), so a channel shows its origin only.
/// </summary>
public static class MaskedUrl
{
    public static string Of(Uri url) =>
        Origin(url) + (url.AbsolutePath is "/" or "" ? "" : url.AbsolutePath) + (url.Query.Length > 0 ? "?***" : "");

    public static string Channel(Uri url) =>
        Origin(url) + (url.AbsolutePath is "/" or "" && url.Query.Length == 0 ? "" : "/***");

    /// <summary>A URL-shaped config value that may not parse as one is shown by the same rules, or not at all.</summary>
    public static string Of(string text) => Uri.TryCreate(text, UriKind.Absolute, out var url) && url.IsAbsoluteUri ? Of(url) : "***";

    private static string Origin(Uri url) => $"{url.Scheme}://{(url.UserInfo.Length > 0 ? "***@" : "")}{url.Authority}";
}
