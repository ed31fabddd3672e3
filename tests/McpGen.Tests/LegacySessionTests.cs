using System;
using System.Text;

namespace McpGen.Tests;

/// <summary>The sealed Mcp-Session-Id of 2025-11-25 Streamable HTTP clients: what it keeps, and what it refuses to open.</summary>
public sealed class LegacySessionTests
{
    private readonly IMcpRequestStateProtector _protector = AesGcmRequestStateProtector.Ephemeral();

    [Fact]
    public void A_session_keeps_the_revision_and_the_capabilities_input_needs_only()
    {
        string id = McpLegacySession.Seal(_protector, "2025-06-18", """{"elicitation":{"form":{}},"roots":{"listChanged":true},"experimental":{"big":[1,2,3]}}"""u8, null);
        Assert.True(McpLegacySession.TryOpen(_protector, id, "https://idp alice", out string version, out byte[] capabilities));
        Assert.Same(McpProtocol.LegacyVersions[1], version);
        Assert.Equal("""{"elicitation":{"form":{}},"roots":{"listChanged":true}}""", Encoding.UTF8.GetString(capabilities));
        Assert.NotEqual(id, McpLegacySession.Seal(_protector, "2025-06-18", "{}"u8, null));
    }

    [Fact]
    public void Altered_foreign_and_requestState_texts_do_not_open_as_a_session_nor_a_session_as_requestState()
    {
        string id = McpLegacySession.Seal(_protector, "2025-11-25", "{}"u8, null);
        Assert.False(McpLegacySession.TryOpen(_protector, id[..^2] + (id[^2] == 'A' ? "BA" : "AA"), null, out _, out _));
        Assert.False(McpLegacySession.TryOpen(AesGcmRequestStateProtector.Ephemeral(), id, null, out _, out _));

        // Both are sealed with the same key: the kind inside tells them apart.
        string state = McpInputRound.First("tools/call", "deploy", "{}"u8, null).Seal(_protector, null, DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.False(McpLegacySession.TryOpen(_protector, state, null, out _, out _));
        Assert.Null(McpInputRound.Create("tools/call", "deploy", "{}"u8, null, default, id, _protector, DateTimeOffset.UtcNow, out string? problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void A_session_started_by_an_authenticated_caller_opens_for_that_caller_only()
    {
        string id = McpLegacySession.Seal(_protector, "2025-11-25", "{}"u8, "https://idp alice");
        Assert.True(McpLegacySession.TryOpen(_protector, id, "https://idp alice", out _, out _));
        Assert.False(McpLegacySession.TryOpen(_protector, id, "https://idp mallory", out _, out _));
        Assert.False(McpLegacySession.TryOpen(_protector, id, null, out _, out _));
    }
}
