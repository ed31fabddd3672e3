using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Text.Json;
using System.Threading.Tasks;
using McpGen.Internal;
using ModelContextProtocol.Protocol;

namespace McpGen.Generated;

/// <summary>Writes the <c>contents</c> of a <c>resources/read</c> result for generated resource handlers.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpResourceResults
{
    /// <summary>One text item; <see langword="null"/> means the resource does not exist.</summary>
    public static void WriteText(McpResourceRead read, string? text)
    {
        var w = Start(read, text is null);
        w.WriteString("mimeType"u8, read.Resource.MimeType ?? "text/plain");
        w.WriteString("text"u8, text);
        End(w);
    }

    /// <summary>One base64 blob item.</summary>
    public static void WriteBlob(McpResourceRead read, ReadOnlyMemory<byte> data)
    {
        var w = Start(read, notFound: false);
        w.WriteString("mimeType"u8, read.Resource.MimeType ?? "application/octet-stream");
        w.WriteBase64String("blob"u8, data.Span);
        End(w);
    }

    /// <summary>One base64 blob item; <see langword="null"/> means the resource does not exist.</summary>
    public static void WriteBlob(McpResourceRead read, byte[]? data)
    {
        if (data is null)
        {
            throw new McpResourceNotFoundException(read.Uri);
        }

        WriteBlob(read, data.AsMemory());
    }

    /// <summary>Reads the stream to its end and writes it as one base64 blob item, then disposes it.</summary>
    public static async ValueTask WriteStreamAsync(McpResourceRead read, Stream? stream)
    {
        if (stream is null)
        {
            throw new McpResourceNotFoundException(read.Uri);
        }

        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new PooledBufferWriter();
            while (true)
            {
                var memory = buffer.GetMemory(16 * 1024);
                int count = await stream.ReadAsync(memory, read.CancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    break;
                }

                buffer.Advance(count);
            }

            var w = Start(read, notFound: false);
            w.WriteString("mimeType"u8, read.Resource.MimeType ?? "application/octet-stream");
            w.WriteBase64String("blob"u8, buffer.WrittenSpan);
            End(w);
        }
    }

    /// <summary>A record or class as one JSON text item (<c>application/json</c> unless the resource says otherwise).</summary>
    public static void WriteJson<T>(McpResourceRead read, T value, Action<Utf8JsonWriter, T> write)
    {
        if (value is null)
        {
            throw new McpResourceNotFoundException(read.Uri);
        }

        var scratch = JsonScratch.Rent();
        try
        {
            write(scratch.Writer, value);
            scratch.Writer.Flush();
            var w = Start(read, notFound: false);
            w.WriteString("mimeType"u8, read.Resource.MimeType ?? "application/json");
            w.WriteString("text"u8, scratch.Buffer.WrittenSpan);
            End(w);
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }

    /// <summary>One item built by the handler; <see langword="null"/> means the resource does not exist.</summary>
    public static void WriteContents(McpResourceRead read, ResourceContents? contents)
    {
        if (contents is null)
        {
            throw new McpResourceNotFoundException(read.Uri);
        }

        read.ResultWriter.WriteStartArray("contents"u8);
        SdkTypesJson.WriteResourceContents(read.ResultWriter, contents);
        read.ResultWriter.WriteEndArray();
    }

    /// <summary>Several items; an empty or <see langword="null"/> collection means the resource does not exist.</summary>
    public static void WriteContents(McpResourceRead read, IEnumerable<ResourceContents>? contents)
    {
        var w = read.ResultWriter;
        bool any = false;
        if (contents is not null)
        {
            foreach (var item in contents)
            {
                if (item is null)
                {
                    continue;
                }

                if (!any)
                {
                    w.WriteStartArray("contents"u8);
                    any = true;
                }

                SdkTypesJson.WriteResourceContents(w, item);
            }
        }

        if (!any)
        {
            // The protocol forbids answering a missing resource with empty contents.
            throw new McpResourceNotFoundException(read.Uri);
        }

        w.WriteEndArray();
    }

    /// <summary>A whole result built by the handler: its contents, and its cache hints when set.</summary>
    public static void WriteReadResult(McpResourceRead read, ReadResourceResult? result)
    {
        WriteContents(read, result?.Contents);
        read.TimeToLive = result!.TimeToLive;
        read.CacheScope = result.CacheScope;
    }

    private static Utf8JsonWriter Start(McpResourceRead read, bool notFound)
    {
        if (notFound)
        {
            throw new McpResourceNotFoundException(read.Uri);
        }

        var w = read.ResultWriter;
        w.WriteStartArray("contents"u8);
        w.WriteStartObject();
        w.WriteString("uri"u8, read.Uri);
        return w;
    }

    private static void End(Utf8JsonWriter w)
    {
        w.WriteEndObject();
        w.WriteEndArray();
    }
}

/// <summary>Adapts the return values of <see cref="McpResourceListAttribute"/> methods for generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpResourceLists
{
    /// <summary>A synchronous listing.</summary>
    public static async IAsyncEnumerable<Resource> From(IEnumerable<Resource>? resources)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (resources is null)
        {
            yield break;
        }

        foreach (var resource in resources)
        {
            yield return resource;
        }
    }

    /// <summary>An asynchronous listing that completes with its resources.</summary>
    public static async IAsyncEnumerable<Resource> From<TResources>(Task<TResources> resources)
        where TResources : IEnumerable<Resource>?
    {
        var items = await resources.ConfigureAwait(false);
        if (items is null)
        {
            yield break;
        }

        foreach (var resource in items)
        {
            yield return resource;
        }
    }

    /// <summary>An asynchronous listing that completes with its resources.</summary>
    public static IAsyncEnumerable<Resource> From<TResources>(ValueTask<TResources> resources)
        where TResources : IEnumerable<Resource>? => From(resources.AsTask());

    /// <summary>Enumerates a listing with the request's cancellation.</summary>
    public static ConfiguredCancelableAsyncEnumerable<Resource> Enumerate(IAsyncEnumerable<Resource> resources, CancellationToken cancellationToken) =>
        resources.WithCancellation(cancellationToken).ConfigureAwait(false);

    /// <summary>A streamed listing; passed through (null becomes empty).</summary>
    public static IAsyncEnumerable<Resource> From(IAsyncEnumerable<Resource>? resources) => resources ?? From((IEnumerable<Resource>?)null);
}
