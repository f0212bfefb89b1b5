using System.Xml.Linq;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// The fast tier stays fast and deterministic by construction: no fast test project can reach the lab's real servers
/// or the child-process harnesses, so nothing in it can depend on a machine's load.
/// </summary>
public class TestTierTests
{
    private static readonly string[] LiveOnly = ["QuorumMonitor.Lab", "QuorumMonitor.Notify.TestHost"];

    private static IEnumerable<string> Projects(string suffix) =>
        Directory.EnumerateDirectories(RepoFiles.PathOf("tests"), "*" + suffix)
            .Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj"));

    private static List<string> References(string project) =>
        XDocument.Load(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(((string)r.Attribute("Include")!).Replace('\\', '/')))
            .ToList();

    [Fact]
    public void No_fast_test_project_references_the_lab_or_a_test_host_process()
    {
        var fast = Projects(".Tests").ToList();
        Assert.True(fast.Count >= 8, $"only {fast.Count} fast test projects found");
        foreach (var project in fast)
        {
            var live = References(project).Intersect(LiveOnly).ToList();
            Assert.True(live.Count == 0, $"{Path.GetFileName(project)} is in the fast tier but references {string.Join(", ", live)}: move the test to a .LiveTests project");
        }
    }

    [Fact]
    public void Fast_test_projects_run_their_tests_in_parallel()
    {
        // Spelled in two halves so that this file does not find itself.
        var serial = string.Concat("DisableTest", "Parallelization = true");
        foreach (var dir in Directory.EnumerateDirectories(RepoFiles.PathOf("tests"), "*.Tests"))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.TopDirectoryOnly))
            {
                Assert.DoesNotContain(serial, File.ReadAllText(file), StringComparison.Ordinal);
            }
        }
    }
}
