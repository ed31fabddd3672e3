using System.Threading;
using System.Threading.Tasks;
using McpGen;

/// <summary>The notes tools: reading needs <c>notes:read</c>; writing needs <c>notes:write</c> as well.</summary>
[McpScope("notes:read")]
public static class NotesTools
{
    /// <summary>Reads a note.</summary>
    /// <param name="title">The note's title.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    [McpTool(ReadOnly = true)]
    public static async Task<string> ReadNoteAsync(string title, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        return $"# {title}\n(the note's text would come from a shared store)";
    }

    /// <summary>Writes a note, signed by the caller.</summary>
    /// <param name="title">The note's title.</param>
    /// <param name="text">The text.</param>
    /// <param name="call">The call: who is writing.</param>
    [McpTool]
    [McpScope("notes:write")]
    public static string WriteNote(string title, string text, McpToolCall call) =>
        $"Saved '{title}' ({text.Length} characters) for {call.User?.FindFirst("sub")?.Value ?? "anonymous"}.";
}

/// <summary>Tools every authenticated caller may use.</summary>
public static class AccountTools
{
    /// <summary>Says who the caller is and which scopes their token grants.</summary>
    /// <param name="call">The call.</param>
    [McpTool(ReadOnly = true)]
    public static string WhoAmI(McpToolCall call) =>
        $"{call.User?.FindFirst("sub")?.Value ?? "anonymous"}: {call.User?.FindFirst("scope")?.Value ?? "no scopes"}";
}
