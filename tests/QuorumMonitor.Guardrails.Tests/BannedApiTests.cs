using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace QuorumMonitor.Guardrails.Tests;

/// <summary>
/// The monitor's code under src/ may not read the wall clock, make its own randomness or sleep a thread (the style
/// guide: TimeProvider, an injected randomizer). The build enforces it with BannedApiAnalyzers; these tests fail if
/// that enforcement is lifted, narrowed or quietly suppressed.
/// </summary>
public sealed partial class BannedApiTests
{
    private const string Analyzer = "Microsoft.CodeAnalysis.BannedApiAnalyzers";
    private const string Switch = "BanNondeterministicApis";

    /// <summary>What must stay banned, and a word each message must name as the thing to use instead.</summary>
    public static TheoryData<string, string> Banned => new()
    {
        { "P:System.DateTime.Now", "TimeProvider" },
        { "P:System.DateTime.UtcNow", "TimeProvider" },
        { "P:System.DateTime.Today", "TimeProvider" },
        { "P:System.DateTimeOffset.Now", "TimeProvider" },
        { "P:System.DateTimeOffset.UtcNow", "TimeProvider" },
        { "M:System.Random.#ctor", "Randomizer" },
        { "M:System.Random.#ctor(System.Int32)", "Randomizer" },
        { "P:System.Random.Shared", "Randomizer" },
        { "M:System.Threading.Thread.Sleep(System.Int32)", "TimeProvider" },
        { "M:System.Threading.Thread.Sleep(System.TimeSpan)", "TimeProvider" },
    };

    /// <summary>The one place allowed to name <c>Random.Shared</c>: it creates the process's injected randomizer.</summary>
    private static readonly string[] PragmaAllowed = ["src/QuorumMonitor.Notify/Delivery/Randomizer.cs"];

    [Fact]
    public void Directory_build_props_references_the_analyzer_and_the_banned_symbols_for_src_projects_only()
    {
        var props = XDocument.Load(RepoFiles.PathOf("Directory.Build.props"));
        var switches = props.Descendants(Switch).ToList();
        var condition = Assert.Single(switches).Attribute("Condition")?.Value;
        Assert.NotNull(condition);
        // The switch is on exactly for projects whose directory is under <root>/src/.
        Assert.Equal("$([MSBuild]::NormalizeDirectory($(MSBuildProjectDirectory)).StartsWith($([MSBuild]::NormalizeDirectory($(MSBuildThisFileDirectory), 'src'))))", condition);
        Assert.Null(switches[0].Parent?.Attribute("Condition"));

        var reference = Assert.Single(props.Descendants("PackageReference"), e => e.Attribute("Include")?.Value == Analyzer);
        var group = reference.Parent!;
        Assert.Equal($"'$({Switch})' == 'true'", group.Attribute("Condition")?.Value);
        Assert.Contains(group.Elements("AdditionalFiles"), e => e.Attribute("Include")?.Value == "$(MSBuildThisFileDirectory)src/BannedSymbols.txt");

        var packages = XDocument.Load(RepoFiles.PathOf("Directory.Packages.props"));
        Assert.Contains(packages.Descendants("PackageVersion"), e => e.Attribute("Include")?.Value == Analyzer && !string.IsNullOrEmpty(e.Attribute("Version")?.Value));
    }

    [Fact]
    public void No_project_under_src_opts_out_of_the_ban()
    {
        var projects = RepoFiles.Under("src", "*.csproj").ToList();
        Assert.NotEmpty(projects);
        foreach (var path in projects)
        {
            var name = RepoFiles.Relative(path);
            var project = XDocument.Load(path);
            Assert.False(project.Descendants(Switch).Any(), $"{name} sets {Switch} itself");
            Assert.False(project.Descendants("PackageReference").Any(e => (e.Attribute("Remove") ?? e.Attribute("Update"))?.Value == Analyzer), $"{name} removes or changes {Analyzer}");
            Assert.False(project.Descendants("AdditionalFiles").Any(e => e.Attribute("Remove") is not null), $"{name} removes AdditionalFiles");
            Assert.False(project.Descendants().Any(e => e.Name.LocalName is "NoWarn" or "WarningsNotAsErrors" && e.Value.Contains("RS0030", StringComparison.Ordinal)), $"{name} silences RS0030");
            Assert.False(project.Descendants("ImportDirectoryBuildProps").Any(e => e.Value.Trim() == "false"), $"{name} skips Directory.Build.props");
        }

        // A Directory.Build.props under src/ would stop MSBuild from importing the root one.
        Assert.Empty(RepoFiles.Under("src", "Directory.Build.props"));
    }

    [Theory]
    [MemberData(nameof(Banned))]
    public void The_banned_symbols_file_bans_it_and_says_what_to_use_instead(string symbol, string instead)
    {
        var entries = File.ReadAllLines(RepoFiles.PathOf("src/BannedSymbols.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal))
            .Select(l => l.Split(';', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "", StringComparer.Ordinal);
        Assert.True(entries.TryGetValue(symbol, out var message), $"{symbol} is not in src/BannedSymbols.txt");
        Assert.Contains(instead, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_under_src_suppresses_the_ban_outside_the_listed_places()
    {
        var suppressing = RepoFiles.Under("src", "*.cs")
            .Where(f => File.ReadAllText(f).Contains("RS0030", StringComparison.Ordinal))
            .Select(RepoFiles.Relative)
            .ToList();
        Assert.Empty(suppressing.Except(PragmaAllowed));
        Assert.Empty(RepoFiles.Under("src", "GlobalSuppressions.cs"));
        Assert.Empty(RepoFiles.Under("src", ".editorconfig").Concat(RepoFiles.Under("src", "*.globalconfig")));

        // The root .editorconfig turns RS0030 off nowhere.
        Assert.DoesNotContain(EditorConfigSections(File.ReadAllLines(RepoFiles.PathOf(".editorconfig"))),
            s => s.Lines.Any(l => l.Contains("RS0030", StringComparison.Ordinal)));
    }

    [Fact]
    public void No_src_file_uses_a_banned_member_outside_the_listed_places()
    {
        var offenders = RepoFiles.Under("src", "*.cs")
            .Where(f => !PragmaAllowed.Contains(RepoFiles.Relative(f)))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: RepoFiles.Relative(f), Line: i + 1, Text: line.Trim())))
            .Where(l => !l.Text.StartsWith("//", StringComparison.Ordinal) && BannedUse().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text}")
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Code_style_rules_are_enforced_in_the_build()
    {
        var props = XDocument.Load(RepoFiles.PathOf("Directory.Build.props"));
        Assert.Equal("true", Assert.Single(props.Descendants("EnforceCodeStyleInBuild")).Value.Trim());
        Assert.Equal("true", Assert.Single(props.Descendants("TreatWarningsAsErrors")).Value.Trim());
        var editorConfig = File.ReadAllText(RepoFiles.PathOf(".editorconfig"));
        Assert.Contains("root = true", editorConfig, StringComparison.Ordinal);
        Assert.Contains("csharp_style_namespace_declarations = file_scoped:warning", editorConfig, StringComparison.Ordinal);
        Assert.Contains("csharp_prefer_braces = true:warning", editorConfig, StringComparison.Ordinal);
        Assert.Contains("dotnet_naming_rule.private_fields_are_underscore_camel.severity = warning", editorConfig, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Header, List<string> Lines)> EditorConfigSections(string[] lines)
    {
        var header = "";
        var body = new List<string>();
        foreach (var line in lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (line.StartsWith('['))
            {
                yield return (header, body);
                header = line;
                body = [];
            }
            else
            {
                body.Add(line);
            }
        }

        yield return (header, body);
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\.(Now|UtcNow|Today)\b|\bnew\s+(System\.)?Random\s*\(|\bRandom\.Shared\b|\bThread\.Sleep\s*\(")]
    private static partial Regex BannedUse();
}
