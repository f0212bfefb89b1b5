using System.Text;

namespace QuorumMonitor.Core.Tests;

/// <summary>
/// A corpus of broken and hostile config files (issue 12, MS8). Each names the field (or, for a file-level problem, the
/// word <c>config</c>) its error must name. Shared as source with the CLI tests, which run them through <c>monitor check</c>.
/// </summary>
public static class MalformedConfigs
{
    /// <summary>A secret-looking value: security errors must never print it.</summary>
    public const string Secret = "s3cr3t-DO-NOT-PRINT";

    private const string Zk = "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\n";

    private const string Kafka = "kafka:\n  - name: k\n    bootstrapServers: \"127.0.0.1:9092\"\n";

    public sealed record Case(string Name, byte[] Content, string Field)
    {
        public override string ToString() => Name;
    }

    public static IReadOnlyList<Case> All { get; } = Build();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static Case Get(string name) => All.Single(c => c.Name == name);

    private static List<Case> Build()
    {
        var cases = new List<Case>();
        void Text(string name, string yaml, string field) => cases.Add(new Case(name, Encoding.UTF8.GetBytes(yaml), field));
        void Bytes(string name, byte[] content, string field) => cases.Add(new Case(name, content, field));

        // Files that are not a config at all.
        Text("empty", "", "config");
        Text("only-newlines", "\n\n\n", "config");
        Text("only-comment", "# nothing here\n", "config");
        Bytes("binary-garbage", Garbage(4096), "config");
        Bytes("nul-bytes", [.. Encoding.UTF8.GetBytes("zookeeper:\n  - name: zk"), 0, 0, 0, (byte)'\n'], "config (line 2)");
        Bytes("nul-hides-the-rest", [.. Encoding.UTF8.GetBytes(Zk + "# "), 0, .. Encoding.UTF8.GetBytes("\ncolour: blue\n")], "config (line 4)");
        Text("escape-sequence-in-file", Zk + "# \u001b]0;pwned\u0007\n", "config (line 4)");
        Bytes("utf16-with-bom", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Zk)], "config");
        Bytes("encoded-surrogate", [.. Encoding.UTF8.GetBytes("zookeeper:\n  - name: zk"), 0xED, 0xA0, 0x80, (byte)'\n'], "config");
        Text("too-large", Zk + new string('#', ConfigLimits()) + "\n", "config");
        Text("not-yaml", "{{{ not: yaml", "config");
        Text("tab-indentation", "zookeeper:\n\t- name: zk\n", "config");
        Text("top-level-list", "- just\n- a list\n", "config");
        Text("top-level-scalar", "hello\n", "config");

        // Depth, aliases and duplicates: rejected before the YAML becomes a tree.
        Text("deep-flow-lists", new string('[', 100_000) + new string(']', 100_000) + "\n", "config");
        Text("deep-flow-maps", string.Concat(Enumerable.Repeat("{a: ", 5_000)) + "1" + new string('}', 5_000) + "\n", "a.a.a");
        Text("deep-block-maps", Zk + "monitor:\n" + string.Concat(Enumerable.Range(1, 200).Select(i => new string(' ', i * 2) + "x:\n")), "monitor.x.x");
        Text("billion-laughs", BillionLaughs(), "lol");
        Text("recursive-alias", Zk + "monitor: &a {interval: *a}\n", "monitor.interval");
        Text("undefined-alias", Zk + "monitor: {interval: *nowhere}\n", "monitor.interval");
        Text("duplicate-top-level-key", Zk + "zookeeper: []\n", "zookeeper (line 4)");
        Text("duplicate-nested-key", "zookeeper:\n  - name: zk\n    name: zk2\n    servers: [\"127.0.0.1:2181\"]\n", "[0].name (line 3)");
        Text("too-many-values", Zk + "monitor:\n  x: [" + string.Join(",", Enumerable.Repeat("1", 250_000)) + "]\n", "config");
        Text("complex-key", Zk + "? {a: b}\n: c\n", "unknown key");
        Text("huge-key", Zk + new string('k', 100_000) + ": 1\n", "config (line 4)");
        Text("long-unknown-key", Zk + new string('k', 1000) + ": 1\n", "kkkkkkkk");

        // Wrong shapes.
        Text("section-is-scalar", "zookeeper: 5\n", "zookeeper (line 1)");
        Text("section-is-map", "zookeeper: {name: zk}\n", "zookeeper (line 1)");
        Text("entry-is-scalar", "zookeeper: [5]\n", "zookeeper[0]");
        Text("list-is-string", "zookeeper:\n  - name: zk\n    servers: \"127.0.0.1:2181\"\n", "zookeeper[0].servers (line 3)");
        Text("list-item-is-map", "zookeeper:\n  - name: zk\n    servers: [{a: b}]\n", "zookeeper[0].servers[0]");
        Text("list-is-empty", "zookeeper:\n  - name: zk\n    servers: []\n", "zookeeper[0].servers");
        Text("name-is-list", "zookeeper:\n  - name: [a, b]\n    servers: [\"127.0.0.1:2181\"]\n", "zookeeper[0].name");
        Text("monitor-is-list", Zk + "monitor: [1, 2]\n", "monitor (line 4)");
        Text("consumer-groups-map", Kafka + "    consumerGroups: {a: b}\n", "kafka[0].consumerGroups");
        Text("notify-channels-map", Zk + "notify:\n  channels: {a: b}\n", "notify.channels");
        Text("allowed-hosts-scalar", Zk + "monitor: {allowedHosts: 5}\n", "monitor.allowedHosts");

        // Unknown keys.
        Text("unknown-top-level-key", Zk + "colour: blue\n", "colour (line 4)");
        Text("unknown-monitor-key", Zk + "monitor: {intervall: 5s}\n", "monitor.intervall");
        Text("typo-in-entry", "zookeeper:\n  - name: zk\n    sever: [\"127.0.0.1:2181\"]\n", "zookeeper[0].sever");

        // Numbers, durations and control characters.
        Text("duration-overflow", Zk + "monitor: {interval: 999999999999999m}\n", "monitor.interval (line 4)");
        Text("duration-overflow-days", Zk + "monitor: {deadline: 99999999999999999999999d}\n", "monitor.deadline (line 4)");
        Text("duration-arabic-digit", Zk + "monitor: {interval: ٥s}\n", "monitor.interval (line 4)");
        Text("duration-fullwidth-digit", Zk + "monitor: {interval: ５s}\n", "monitor.interval (line 4)");
        Text("duration-no-unit", Zk + "monitor: {interval: 5}\n", "monitor.interval");
        Text("duration-negative", Zk + "monitor: {interval: -1s}\n", "monitor.interval");
        Text("duration-out-of-range", Zk + "monitor: {interval: 0ms}\n", "monitor.interval");
        Text("int-overflow", Zk + "monitor: {confirmRounds: 99999999999999999999}\n", "monitor.confirmRounds");
        Text("int-arabic-digit", Zk + "monitor: {confirmRounds: ٣}\n", "monitor.confirmRounds");
        Text("int-is-fraction", Zk + "monitor: {confirmRounds: 1.5}\n", "monitor.confirmRounds");
        Text("int-is-bool", Zk + "monitor: {confirmRounds: true}\n", "monitor.confirmRounds");
        Text("bool-is-word", "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\n    sessionCheck: maybe\n", "zookeeper[0].sessionCheck");
        Text("double-overflow", Kafka + "    network: {capacityMbps: 1e400, brokers: {\"1\": \"http://127.0.0.1:9100/metrics\"}}\n", "kafka[0].network.capacityMbps");
        Text("double-nan", Kafka + "    network: {threshold: .nan, brokers: {\"1\": \"http://127.0.0.1:9100/metrics\"}}\n", "kafka[0].network.threshold");
        Text("nul-in-name", "zookeeper:\n  - name: \"zk\\0\"\n    servers: [\"127.0.0.1:2181\"]\n", "zookeeper[0].name");
        Text("escape-in-name", "zookeeper:\n  - name: \"zk\\e[31m\"\n    servers: [\"127.0.0.1:2181\"]\n", "zookeeper[0].name");
        Text("nul-in-server", "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\\0\"]\n", "zookeeper[0].servers[0]");
        Text("nul-in-state-file", Zk + "notify:\n  stateFile: \"state\\0.db\"\n  channels: [{name: h, webhook: {url: \"http://127.0.0.1:9/\"}}]\n", "notify.stateFile");
        Text("state-file-missing-folder", Zk + "notify:\n  stateFile: /nonexistent-folder/state.db\n  channels: [{name: h, webhook: {url: \"http://127.0.0.1:9/\"}}]\n", "notify.stateFile");
        Text("allowed-host-with-scheme", Zk + "monitor: {allowedHosts: [\"http://monitor.example\"]}\n", "monitor.allowedHosts[0]");

        // Kafka security: checked at load, the value never printed.
        Text("security-bad-protocol", Kafka + $"    security: {{security.protocol: {Secret}}}\n", "kafka[0].security.security.protocol");
        Text("security-bad-mechanism", Kafka + $"    security: {{security.protocol: SASL_SSL, sasl.mechanism: {Secret}, sasl.username: u, sasl.password: p}}\n", "kafka[0].security.sasl.mechanism");
        Text("security-unknown-property", Kafka + $"    security: {{security.protocol: SASL_SSL, sasl.mechanism: PLAIN, sasl.username: u, sasl.passwrd: {Secret}}}\n", "kafka[0].security.sasl.passwrd");
        Text("security-not-librdkafka", Kafka + "    security: {bootstrap.servers: x}\n", "kafka[0].security.bootstrap.servers");
        Text("security-is-list", Kafka + "    security: [a, b]\n", "kafka[0].security");
        Text("security-missing-file", Kafka + "    security: {security.protocol: SSL, ssl.ca.location: /nonexistent/ca.pem}\n", "kafka[0].security.ssl.ca.location");
        Text("security-missing-password", Kafka + "    security: {security.protocol: SASL_SSL, sasl.mechanism: SCRAM-SHA-512, sasl.username: u}\n", "kafka[0].security.sasl.password");
        Text("security-sasl-without-sasl-protocol", Kafka + $"    security: {{security.protocol: SSL, sasl.username: u, sasl.password: {Secret}}}\n", "kafka[0].security.security.protocol");
        Text("security-nul-in-password", Kafka + "    security: {security.protocol: SASL_SSL, sasl.mechanism: PLAIN, sasl.username: u, sasl.password: \"" + Secret + "\\0\"}\n", "kafka[0].security.sasl.password");
        Text("security-value-is-map", Kafka + "    security: {security.protocol: {a: b}}\n", "kafka[0].security.security.protocol");
        Text("security-bad-number", Kafka + "    security: {security.protocol: SASL_SSL, sasl.mechanism: GSSAPI, sasl.kerberos.min.time.before.relogin: ٥}\n", "kafka[0].security.sasl.kerberos.min.time.before.relogin");

        // Other sections.
        Text("bootstrap-without-port", "kafka:\n  - name: k\n    bootstrapServers: \"host\"\n", "kafka[0].bootstrapServers");
        Text("broker-id-not-number", Kafka + "    network: {brokers: {x: \"http://127.0.0.1:9100/metrics\"}}\n", "kafka[0].network.brokers.x");
        Text("broker-url-not-url", Kafka + "    network: {brokers: {\"1\": \"ftp://x\"}}\n", "kafka[0].network.brokers.1");
        Text("depends-on-unknown", Kafka + "    dependsOn: [nowhere]\n", "kafka[0].dependsOn");
        Text("mysql-bad-role", "mysql:\n  - name: db\n    instances:\n      - {name: a, role: boss, connectionString: \"Server=127.0.0.1;User ID=m\"}\n", "mysql[0].instances[0].role");
        Text("notify-bad-severity", Zk + "notify:\n  channels: [{name: h, webhook: {url: \"http://127.0.0.1:9/\"}}]\n  routes: [{severities: [loud], channels: [h]}]\n", "notify.routes[0].severities");
        Text("telemetry-bad-protocol", Zk + "telemetry: {otlpEndpoint: \"http://127.0.0.1:4318\", protocol: udp}\n", "telemetry.protocol");
        Text("correlation-window-range", Zk + "correlation: {window: 2d}\n", "correlation.window");
        Text("no-clusters", "monitor: {interval: 5s}\n", "config");
        return cases;
    }

    private static int ConfigLimits() => QuorumMonitor.Core.Config.ConfigLimits.MaxFileBytes + 16;

    /// <summary>Nine levels of ten aliases each: a billion values once expanded, a few hundred bytes on disk.</summary>
    private static string BillionLaughs()
    {
        var sb = new StringBuilder(Zk).Append("lol:\n  a0: &a0 [\"lol\"]\n");
        for (var i = 1; i <= 9; i++)
        {
            sb.Append($"  a{i}: &a{i} [").Append(string.Join(",", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        return sb.ToString();
    }

    /// <summary>Deterministic bytes that are not UTF-8 (no randomizer needed: the content only has to be garbage).</summary>
    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        uint x = 2463534242;
        for (var i = 0; i < length; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            bytes[i] = (byte)(x | 0x80);
        }

        return bytes;
    }
}
