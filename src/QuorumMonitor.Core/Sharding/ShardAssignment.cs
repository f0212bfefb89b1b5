using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Core.Sharding;

/// <summary>
/// Which shard owns a cluster: Prometheus's <c>hashmod</c> relabel action over the cluster name, i.e. the MD5 digest
/// of the name's UTF-8 bytes, its last 8 bytes read as a big-endian unsigned 64-bit integer, modulo the shard count.
/// It depends on nothing but the name and the count (never <see cref="string.GetHashCode()"/>, which is randomized
/// per process), so every monitor, restart and .NET version agrees, and a Prometheus relabel rule
/// <c>action: hashmod, modulus: N</c> on a <c>cluster</c> label computes the same shard.
/// </summary>
public static class ShardAssignment
{
    public static int ShardOf(string clusterName, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Span<byte> digest = stackalloc byte[MD5.HashSizeInBytes];
#pragma warning disable CA5351 // Not security: MD5 is what Prometheus's hashmod uses, and agreeing with it is the point.
        MD5.HashData(Encoding.UTF8.GetBytes(clusterName), digest);
#pragma warning restore CA5351
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(digest[8..]) % (ulong)count);
    }

    public static bool Owns(this ShardSettings shard, string clusterName) =>
        shard.Count == 1 || ShardOf(clusterName, shard.Count) == shard.Index;

    /// <summary>
    /// <paramref name="config"/> with only the clusters <paramref name="config"/>'s shard owns; the others' names are
    /// kept in <see cref="MonitorConfig.OtherShardsClusters"/> for the status and <c>monitor config check</c>.
    /// </summary>
    public static MonitorConfig OwnedPart(MonitorConfig config)
    {
        var shard = config.Monitor.Shard;
        if (shard.Count == 1)
        {
            return config;
        }

        var others = config.Kinds.Values
            .SelectMany(k => k.Declarations)
            .Where(d => !shard.Owns(d.Name))
            .Select(d => d.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        return config with
        {
            Kinds = config.Kinds.ToDictionary(k => k.Key, k => k.Value.Where(shard.Owns), StringComparer.Ordinal),
            OtherShardsClusters = others,
        };
    }
}
