using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace QuorumMonitor.Core.Config;

/// <summary>
/// Walks the YAML event stream (no tree, no recursion) and rejects what the tree builder must never see: nesting deeper
/// than <see cref="ConfigLimits.MaxDepth"/>, aliases that refer to an unfinished node or expand past
/// <see cref="ConfigLimits.MaxExpandedNodes"/>, and duplicate keys. Each problem names the field path and line.
/// </summary>
internal static class YamlPreScan
{
    public static void Check(string yaml, ConfigErrors errors)
    {
        var parser = new Parser(new StringReader(yaml));
        var stack = new Stack<Frame>();
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new HashSet<string>(StringComparer.Ordinal);
        long expanded = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            var line = (int)e.Start.Line;
            switch (e)
            {
                case MappingStart or SequenceStart:
                {
                    var path = PathOfNext(stack);
                    if (stack.Count + 1 > ConfigLimits.MaxDepth)
                    {
                        errors.Add(Shorten(path), line, $"nests deeper than {ConfigLimits.MaxDepth} levels; the config is rejected before it is read");
                        return;
                    }

                    var anchor = ((NodeEvent)e).Anchor;
                    if (!anchor.IsEmpty)
                    {
                        open.Add(anchor.Value);
                    }

                    stack.Push(new Frame(e is MappingStart, path, anchor.IsEmpty ? null : anchor.Value));
                    break;
                }

                case MappingEnd or SequenceEnd:
                {
                    var frame = stack.Pop();
                    if (frame.Anchor is { } name)
                    {
                        open.Remove(name);
                        anchors[name] = frame.Nodes;
                    }

                    Added(stack, frame.Nodes, null);
                    break;
                }

                case Scalar scalar:
                {
                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchors[scalar.Anchor.Value] = 1;
                    }

                    if (stack.TryPeek(out var parent) && parent.IsMapping && parent.ExpectsKey && parent.Keys.Contains(scalar.Value))
                    {
                        errors.Add(Shorten(Join(parent.Path, scalar.Value)), line, "is given twice; each key may appear once");
                    }

                    expanded++;
                    Added(stack, 1, scalar.Value);
                    break;
                }

                case AnchorAlias alias:
                {
                    var path = PathOfNext(stack);
                    if (open.Contains(alias.Value.Value))
                    {
                        errors.Add(Shorten(path), line, $"alias *{alias.Value.Value} refers to a node that contains it; recursive aliases are not allowed");
                        return;
                    }

                    if (!anchors.TryGetValue(alias.Value.Value, out var nodes))
                    {
                        errors.Add(Shorten(path), line, $"alias *{alias.Value.Value} refers to no anchor defined before it");
                        return;
                    }

                    expanded += nodes;
                    if (expanded > ConfigLimits.MaxExpandedNodes)
                    {
                        errors.Add(Shorten(path), line, $"aliases expand the config past {ConfigLimits.MaxExpandedNodes} values; the config is rejected before it is read");
                        return;
                    }

                    Added(stack, nodes, null);
                    break;
                }
            }

            if (expanded > ConfigLimits.MaxExpandedNodes)
            {
                errors.Add("config", line, $"has more than {ConfigLimits.MaxExpandedNodes} values; the config is rejected before it is read");
                return;
            }
        }
    }

    /// <summary>Counts a finished child into its parent, and in a mapping alternates between key and value.</summary>
    private static void Added(Stack<Frame> stack, long nodes, string? scalarKey)
    {
        if (!stack.TryPeek(out var parent))
        {
            return;
        }

        parent.Nodes += nodes;
        if (!parent.IsMapping)
        {
            parent.Index++;
            return;
        }

        if (parent.ExpectsKey)
        {
            parent.CurrentKey = scalarKey ?? "?";
            if (scalarKey is not null)
            {
                parent.Keys.Add(scalarKey);
            }
        }

        parent.ExpectsKey = !parent.ExpectsKey;
    }

    private static string PathOfNext(Stack<Frame> stack)
    {
        if (!stack.TryPeek(out var parent))
        {
            return "config";
        }

        return parent.IsMapping
            ? Join(parent.Path, parent.ExpectsKey ? "?" : parent.CurrentKey)
            : $"{parent.Path}[{parent.Index}]";
    }

    private static string Join(string path, string key) => path == "config" ? key : $"{path}.{key}";

    /// <summary>A path 64 levels deep is no help to a reader; keep its start and end.</summary>
    private static string Shorten(string path) => path.Length <= 120 ? path : $"{path[..60]}...{path[^50..]}";

    private sealed class Frame(bool isMapping, string path, string? anchor)
    {
        public bool IsMapping { get; } = isMapping;

        public string Path { get; } = path;

        public string? Anchor { get; } = anchor;

        public long Nodes { get; set; } = 1;

        public int Index { get; set; }

        public bool ExpectsKey { get; set; } = true;

        public string CurrentKey { get; set; } = "?";

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
