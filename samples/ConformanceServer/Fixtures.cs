namespace McpGen.Conformance;

/// <summary>Binary payloads shared by several fixtures.</summary>
/// <remarks>Arrays can be written through, so McpGen's MCPG5006 asks why they may be per process.</remarks>
[McpProcessLocal("Constant fixture bytes: never written, and identical in every instance.")]
internal static class Fixtures
{
    /// <summary>A 1×1 transparent PNG.</summary>
    public static readonly byte[] Png = System.Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>A valid WAV file: 8 kHz mono 8-bit, 8 samples of silence.</summary>
    public static readonly byte[] Wav = System.Convert.FromBase64String(
        "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==");
}
