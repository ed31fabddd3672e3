using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace McpGen.Tests;

/// <summary>
/// The method table against the official schemas (tests/McpGen.Tests/spec, copied from the spec repository): every
/// request a client sends a server in each revision has exactly one row, served in that era, with the target
/// <c>Mcp-Name</c> mirrors and the capability it needs. A forgotten row fails here instead of at a client.
/// </summary>
public sealed class MethodTableTests
{
    /// <summary>The tasks extension's methods (io.modelcontextprotocol/tasks): not in the core schema, 2026-07-28 only.</summary>
    private static readonly string[] s_tasksExtension = ["tasks/get", "tasks/update", "tasks/cancel"];

    /// <summary>What 2026-07-28 removed (digest §4): -32601 there, served to earlier revisions.</summary>
    private static readonly string[] s_removedIn2026 = ["initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe"];

    /// <summary>The 2025-11-25 core tasks methods: this server offers tasks to 2026-07-28 clients only (docs/tasks.md).</summary>
    private static readonly string[] s_legacyTasks = ["tasks/get", "tasks/result", "tasks/cancel", "tasks/list"];

    private static IReadOnlyList<string> ClientRequests(string revision)
    {
        using var schema = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "spec", $"mcp-{revision}.schema.json")));
        var defs = schema.RootElement.GetProperty("$defs");
        return defs.GetProperty("ClientRequest").GetProperty("anyOf").EnumerateArray()
            .Select(r => r.GetProperty("$ref").GetString()!["#/$defs/".Length..])
            .Select(name => defs.GetProperty(name).GetProperty("properties").GetProperty("method").GetProperty("const").GetString()!)
            .ToList();
    }

    [Fact]
    public void Every_row_is_one_method_found_by_its_name()
    {
        var names = McpMethodTable.Methods.Select(m => m.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        foreach (var method in McpMethodTable.Methods)
        {
            Assert.Same(method, McpMethodTable.Find(Encoding.UTF8.GetBytes(method.Name)));
        }

        Assert.Null(McpMethodTable.Find("tools/cal"u8));
        Assert.Null(McpMethodTable.Find("tools/calls"u8));
        Assert.Null(McpMethodTable.Find("TOOLS/CALL"u8));
        Assert.Null(McpMethodTable.Find(new byte[300]));
        Assert.Null(McpMethodTable.Find(default));
    }

    [Fact]
    public void Every_2026_request_and_tasks_extension_method_is_served_in_the_current_era()
    {
        var requests = ClientRequests("2026-07-28");
        Assert.Contains("server/discover", requests);
        var expected = requests.Concat(s_tasksExtension).ToList();
        foreach (string name in expected)
        {
            var row = McpMethodTable.Find(Encoding.UTF8.GetBytes(name));
            Assert.True(row is not null, $"No row for the 2026-07-28 method '{name}'.");
            Assert.True(row.Eras.HasFlag(McpMethodEras.Current), $"'{name}' is not served under 2026-07-28.");
            Assert.False(row.IsRemovedIn2026, name);
        }

        // Nothing else is served under 2026-07-28.
        var current = McpMethodTable.Methods.Where(m => m.Eras.HasFlag(McpMethodEras.Current)).Select(m => m.Name);
        Assert.Equal(expected.Order(StringComparer.Ordinal), current.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_2025_request_but_the_core_tasks_methods_is_served_in_the_legacy_era()
    {
        var requests = ClientRequests("2025-11-25");
        Assert.Contains("initialize", requests);
        var expected = requests.Except(s_legacyTasks).ToList();
        foreach (string name in expected)
        {
            var row = McpMethodTable.Find(Encoding.UTF8.GetBytes(name));
            Assert.True(row is not null, $"No row for the 2025-11-25 method '{name}'.");
            Assert.True(row.Eras.HasFlag(McpMethodEras.Legacy), $"'{name}' is not served to 2025-11-25 clients.");
        }

        foreach (string name in s_legacyTasks)
        {
            var row = McpMethodTable.Find(Encoding.UTF8.GetBytes(name));
            Assert.False(row is not null && row.Eras.HasFlag(McpMethodEras.Legacy), $"'{name}' must not be served to 2025-11-25 clients.");
        }

        // Beyond those, only server/discover: it answers the same on a connection that initialized (a client probing
        // for 2026-07-28 support after the fact gets the truth rather than -32601).
        var legacy = McpMethodTable.Methods.Where(m => m.Eras.HasFlag(McpMethodEras.Legacy)).Select(m => m.Name);
        Assert.Equal(expected.Append("server/discover").Order(StringComparer.Ordinal), legacy.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_methods_2026_removed_are_exactly_the_legacy_only_rows()
    {
        var removed = McpMethodTable.Methods.Where(m => m.IsRemovedIn2026).Select(m => m.Name);
        Assert.Equal(s_removedIn2026.Order(StringComparer.Ordinal), removed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("server/discover", McpMethodTarget.None, McpMethodCapability.None, false)]
    [InlineData("tools/list", McpMethodTarget.None, McpMethodCapability.Tools, false)]
    [InlineData("tools/call", McpMethodTarget.Name, McpMethodCapability.Tools, true)]
    [InlineData("resources/list", McpMethodTarget.None, McpMethodCapability.Resources, false)]
    [InlineData("resources/templates/list", McpMethodTarget.None, McpMethodCapability.Resources, false)]
    [InlineData("resources/read", McpMethodTarget.Uri, McpMethodCapability.Resources, true)]
    [InlineData("prompts/list", McpMethodTarget.None, McpMethodCapability.Prompts, false)]
    [InlineData("prompts/get", McpMethodTarget.Name, McpMethodCapability.Prompts, true)]
    [InlineData("completion/complete", McpMethodTarget.None, McpMethodCapability.Completions, true)]
    [InlineData("subscriptions/listen", McpMethodTarget.None, McpMethodCapability.None, false)]
    [InlineData("tasks/get", McpMethodTarget.TaskId, McpMethodCapability.Tasks, true)]
    [InlineData("tasks/update", McpMethodTarget.TaskId, McpMethodCapability.Tasks, true)]
    [InlineData("tasks/cancel", McpMethodTarget.TaskId, McpMethodCapability.Tasks, true)]
    [InlineData("initialize", McpMethodTarget.None, McpMethodCapability.None, false)]
    [InlineData("ping", McpMethodTarget.None, McpMethodCapability.None, false)]
    [InlineData("logging/setLevel", McpMethodTarget.None, McpMethodCapability.None, false)]
    [InlineData("resources/subscribe", McpMethodTarget.Uri, McpMethodCapability.Resources, false)]
    [InlineData("resources/unsubscribe", McpMethodTarget.Uri, McpMethodCapability.Resources, false)]
    internal void Each_row_has_its_target_capability_and_audit_class(string name, McpMethodTarget target, McpMethodCapability capability, bool acts)
    {
        var row = McpMethodTable.Find(Encoding.UTF8.GetBytes(name));
        Assert.NotNull(row);
        Assert.Equal(target, row.Target);
        Assert.Equal(capability, row.Capability);
        Assert.Equal(acts, row.Acts);
    }

    [Fact]
    public void Every_row_is_checked_by_the_theory_above()
    {
        // A new row needs a line in Each_row_has_its_target_capability_and_audit_class.
        var checkedNames = typeof(MethodTableTests).GetMethod(nameof(Each_row_has_its_target_capability_and_audit_class), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]);
        Assert.Equal(McpMethodTable.Methods.Select(m => m.Name).Order(StringComparer.Ordinal), checkedNames.Order(StringComparer.Ordinal));
    }
}
