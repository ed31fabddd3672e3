using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace McpGen.Client.Tests;

/// <summary>What one typed-style tools/call round trip allocates on the client side (the server answers from memory).</summary>
public sealed class AllocationTests(ITestOutputHelper output)
{
    private static readonly byte[] Discover = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"result":""" + FakeServerHandler.Discover + "}");

    /// <summary>Answers every tools/call with the same small result, echoing the request id; no parsing beyond finding it.</summary>
    private sealed class CannedServer : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            byte[] body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            if (body.AsSpan().IndexOf("server/discover"u8) >= 0)
            {
                return Json(Discover);
            }

            int start = body.AsSpan().IndexOf("\"id\":"u8) + 5;
            int length = body.AsSpan(start).IndexOf((byte)',');
            byte[] response = [.. "{\"jsonrpc\":\"2.0\",\"id\":"u8, .. body.AsSpan(start, length), .. ""","result":{"resultType":"complete","content":[{"type":"text","text":"42"}],"structuredContent":{"sum":42}}}"""u8];
            return Json(response);
        }

        private static HttpResponseMessage Json(byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
        }
    }

    private static ValueTask<int> CallAsync(McpClient client) => client.SendRequestAsync(
        "tools/call", "add", (A: 40, B: 2),
        static (w, a) =>
        {
            w.WriteString("name"u8, "add"u8);
            w.WriteStartObject("arguments"u8);
            w.WriteNumber("a"u8, a.A);
            w.WriteNumber("b"u8, a.B);
            w.WriteEndObject();
        },
        static json =>
        {
            var view = McpToolResultJson.Read(json);
            view.ThrowIfError("add");
            var reader = new System.Text.Json.Utf8JsonReader(view.StructuredContent);
            reader.Read();
            reader.Read();
            reader.Read();
            return reader.GetInt32();
        });

    [Fact]
    public async Task A_tools_call_round_trip_allocates_a_bounded_amount()
    {
        await using var client = McpClient.Create(new HttpClient(new CannedServer()), new Uri("http://canned/mcp"));
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(42, await CallAsync(client));
        }

        const int Calls = 2000;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < Calls; i++)
        {
            await CallAsync(client);
        }

        long perCall = (GC.GetTotalAllocatedBytes(precise: true) - before) / Calls;
        output.WriteLine($"{perCall} bytes per call, HttpClient pipeline and the canned handler included");

        // 2.5 KB on 2026-12-04 (HttpRequestMessage, headers, content and the handler's copies dominate), plus headroom:
        // growth is a decision, not an accident.
        Assert.True(perCall < 3_500, $"{perCall} bytes per call");
    }
}
