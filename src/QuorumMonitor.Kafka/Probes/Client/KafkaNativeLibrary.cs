using System.Reflection;
using System.Runtime.InteropServices;

namespace QuorumMonitor.Kafka.Probes.Client;

/// <summary>
/// Locates the librdkafka build this machine can load and makes Confluent.Kafka use it. The package's default
/// <c>librdkafka.so</c> needs libsasl2, which Debian does not install by default; the <c>centos8</c> build links only libc.
/// Code that P/Invokes librdkafka itself (the lab's mock cluster) resolves the same file, so one copy is in the process.
/// </summary>
public static class KafkaNativeLibrary
{
    private const string PreferredFile = "centos8-librdkafka.so";

    private static readonly Lazy<string> Loaded = new(LoadOnce, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads librdkafka once per process and returns its path; safe to call from any thread, any number of times.</summary>
    public static string EnsureLoaded() => Loaded.Value;

    /// <summary>Makes <c>[DllImport("librdkafka")]</c> in <paramref name="assembly"/> bind to the file Confluent.Kafka uses.</summary>
    public static void ResolveImportsOf(Assembly assembly)
    {
        NativeLibrary.SetDllImportResolver(assembly, (name, _, _) =>
            name == "librdkafka" ? NativeLibrary.Load(EnsureLoaded()) : IntPtr.Zero);
    }

    private static string LoadOnce()
    {
        var path = Locate();
        // Confluent.Kafka dlopens an explicit path through "libdl" (glibc 2.34+ ships only libdl.so.2 unless libc6-dev
        // is installed) and then binds its functions by the name "librdkafka", which would find the package's default
        // build again: point both names at what this process must use.
        NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, (name, _, _) => name switch
        {
            "libdl" => NativeLibrary.TryLoad("libdl.so.2", out var libdl) ? libdl : IntPtr.Zero,
            "librdkafka" => NativeLibrary.Load(path),
            _ => IntPtr.Zero,
        });
        Confluent.Kafka.Library.Load(path);
        return path;
    }

    private static string Locate()
    {
        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", PreferredFile),
            Path.Combine(AppContext.BaseDirectory, PreferredFile),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new DllNotFoundException($"{PreferredFile} not found next to the application (looked in: {string.Join(", ", candidates)})");
    }
}
