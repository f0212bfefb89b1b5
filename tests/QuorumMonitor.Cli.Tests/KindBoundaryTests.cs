using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 13, must-show 2: the layering of docs/architecture.md holds in the build. The kernel and the runtime know no
/// cluster kind and no client library (not directly, not through another project); a kind knows no other kind. A kind
/// is any project under src/ with a class implementing <c>IClusterKind</c>, so a new kind is checked the day it lands.
/// </summary>
public partial class KindBoundaryTests
{
    /// <summary>The kernel (contracts, rules' state machine, incidents), the runtime and delivery.</summary>
    private static readonly string[] KindFree =
        ["QuorumMonitor.Core", "QuorumMonitor.Rules", "QuorumMonitor.Incidents", "QuorumMonitor.Runtime", "QuorumMonitor.Notify"];

    /// <summary>Packages the kind-free projects may use: hosting, DI, logging, YAML, the pipeline, SQLite for the outbox, metrics.</summary>
    private static readonly string[] AllowedPackages =
    [
        "YamlDotNet", "Mediator.Abstractions", "Mediator.SourceGenerator", "Microsoft.Data.Sqlite", "prometheus-net",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.DependencyInjection.Abstractions",
        "Microsoft.Extensions.Hosting.Abstractions", "Microsoft.Extensions.Http", "Microsoft.Extensions.Logging.Abstractions",
    ];

    [GeneratedRegex(@"class\s+\w+\s*:\s*(?:[\w.]+\s*,\s*)*IClusterKind\b")]
    private static partial Regex ImplementsClusterKind();

    private static string ProjectFile(string name) => RepoFiles.PathOf("src", name, name + ".csproj");

    private static IEnumerable<string> SrcProjects() =>
        Directory.EnumerateDirectories(RepoFiles.PathOf("src")).Select(Path.GetFileName).Where(n => File.Exists(ProjectFile(n!)))!;

    private static List<string> ProjectReferences(string name) =>
        XDocument.Load(ProjectFile(name)).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(((string)r.Attribute("Include")!).Replace('\\', '/')))
            .ToList();

    private static List<string> PackageReferences(string name) =>
        XDocument.Load(ProjectFile(name)).Descendants("PackageReference").Select(r => (string)r.Attribute("Include")!).ToList();

    /// <summary>Everything <paramref name="name"/> references, directly or through other projects.</summary>
    private static HashSet<string> Closure(string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>(ProjectReferences(name));
        while (todo.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var r in ProjectReferences(next))
                {
                    todo.Push(r);
                }
            }
        }

        return seen;
    }

    private static List<string> Kinds() =>
        SrcProjects().Where(p => Directory.EnumerateFiles(RepoFiles.PathOf("src", p), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Any(f => ImplementsClusterKind().IsMatch(File.ReadAllText(f)))).ToList();

    [Fact]
    public void Kinds_are_found_by_what_they_implement()
    {
        var kinds = Kinds();
        Assert.Contains("QuorumMonitor.ZooKeeper", kinds);
        Assert.Contains("QuorumMonitor.Kafka", kinds);
        Assert.Contains("QuorumMonitor.MySql", kinds);
        Assert.DoesNotContain("QuorumMonitor.Core", kinds);
    }

    [Fact]
    public void The_kernel_and_the_runtime_reference_no_kind_directly_or_through_another_project()
    {
        var kinds = Kinds();
        foreach (var project in KindFree)
        {
            var reached = Closure(project).Intersect(kinds).ToList();
            Assert.True(reached.Count == 0, $"{project} references the kind(s) {string.Join(", ", reached)}: go through IClusterKind instead");
        }
    }

    [Fact]
    public void The_kernel_and_the_runtime_use_no_client_library()
    {
        foreach (var project in KindFree)
        {
            foreach (var p in new[] { project }.Concat(Closure(project)))
            {
                var foreign = PackageReferences(p).Except(AllowedPackages).ToList();
                Assert.True(foreign.Count == 0, $"{project} reaches {string.Join(", ", foreign)} (through {p}): a client library belongs in its kind's project");
            }
        }
    }

    [Fact]
    public void No_kind_references_another_kind()
    {
        var kinds = Kinds();
        foreach (var kind in kinds)
        {
            var others = Closure(kind).Intersect(kinds).ToList();
            Assert.True(others.Count == 0, $"the kind {kind} references the kind(s) {string.Join(", ", others)}");
        }
    }

    /// <summary>
    /// The host and the CLI compose kinds and print what they report, through <c>IClusterKind</c> alone: one file
    /// names them (<c>MonitorKinds.cs</c>, the one list), so adding a kind touches no command, report or perfdata code.
    /// The drills (<c>Cli/Drills/</c>) are exempt, as the lab is: each stages one kind's seed outage on its real
    /// servers, so naming that kind's members and roles is their job.
    /// </summary>
    [Fact]
    public void The_host_and_the_cli_name_kinds_in_their_one_list_only()
    {
        var kindNamespaces = Kinds().Select(k => k + ".").ToList();
        foreach (var project in new[] { "QuorumMonitor.Host", "QuorumMonitor.Cli" })
        {
            var naming = Directory.EnumerateFiles(RepoFiles.PathOf("src", project), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Where(f => Path.GetFileName(f) != "MonitorKinds.cs")
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Drills{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Where(f => File.ReadLines(f).Any(line => line.StartsWith("using ", StringComparison.Ordinal)
                    && kindNamespaces.Any(ns => line.Contains(ns, StringComparison.Ordinal) || line.EndsWith(ns.TrimEnd('.') + ";", StringComparison.Ordinal))))
                .Select(Path.GetFileName)
                .ToList();
            Assert.True(naming.Count == 0, $"{project} names a kind in {string.Join(", ", naming)}: add to IClusterKind instead");
        }
    }
}
