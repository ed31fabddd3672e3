namespace McpGen.Conformance;

/// <summary>Binary payloads shared by several fixtures.</summary>
internal static class Fixtures
{
    /// <summary>A 1×1 transparent PNG.</summary>
    public static readonly byte[] Png = System.Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>A valid WAV file: 8 kHz mono 8-bit, 8 samples of silence.</summary>
    public static readonly byte[] Wav = System.Convert.FromBase64String(
        "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==");
}
