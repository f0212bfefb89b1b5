namespace QuorumMonitor.Cli;

/// <summary>ANSI colour on a terminal, plain text when piped or when NO_COLOR is set.</summary>
public sealed class Painter(bool enabled)
{
    public static Painter For(string mode) => new(mode switch
    {
        "always" => true,
        "never" => false,
        _ => !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")),
    });

    public string Red(string text) => Paint("31;1", text);

    public string Yellow(string text) => Paint("33;1", text);

    public string Green(string text) => Paint("32", text);

    public string Bold(string text) => Paint("1", text);

    public string Dim(string text) => Paint("2", text);

    private string Paint(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
