using System.Net.Http;

namespace McpGen.Client.Tests;

/// <summary>The HTTP transport reads Content-Type from the raw header value (no parsing, no allocation per call).</summary>
public sealed class HttpTransportHeaderTests
{
    [Theory]
    [InlineData("text/event-stream", true)]
    [InlineData("Text/Event-Stream; charset=utf-8", true)]
    [InlineData(" text/event-stream ;charset=utf-8", true)]
    [InlineData("application/json", false)]
    [InlineData("application/json; charset=utf-8", false)]
    [InlineData("text/event-streamx", false)]
    [InlineData("", false)]
    public void Event_streams_are_recognised_in_any_case_and_with_parameters(string contentType, bool expected)
    {
        using var content = new ByteArrayContent([]);
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));
        Assert.True(content.Headers.NonValidated.TryGetValues("Content-Type", out var values));
        Assert.Equal(expected, McpHttpClientTransport.IsEventStream(values));
    }
}
