using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace McpGen.AspNetCore;

/// <summary>
/// Serves discovery documents: each server's card (compile-time bytes and ETag) and the domain's AI catalog listing
/// the cards. Public, read-only, cacheable for an hour, revalidated with <c>If-None-Match</c>, and open to any origin as
/// the server-card draft requires.
/// </summary>
internal static class McpDiscoveryEndpoints
{
    public const string CatalogPath = "/.well-known/ai-catalog.json";
    public const string CatalogMediaType = "application/ai-catalog+json";

    /// <summary>Answers a GET (or HEAD) of a server card.</summary>
    public static Task ServeCardAsync(HttpContext context, McpServerCard card) =>
        ServeAsync(context, McpServerCard.MediaType, card.Json, card.ETag);

    /// <summary>Answers a GET (or HEAD) of the AI catalog listing <paramref name="cards"/> with their absolute URLs.</summary>
    public static Task ServeCatalogAsync(HttpContext context, IReadOnlyList<(McpServerCard Card, string CardPath)> cards)
    {
        var request = context.Request;
        string origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
        using var buffer = new PooledBufferWriter();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("specVersion"u8, "draft"u8);
            w.WriteStartArray("entries"u8);
            foreach (var (card, cardPath) in cards)
            {
                w.WriteStartObject();
                w.WriteString("identifier"u8, card.CatalogIdentifier);
                w.WriteString("displayName"u8, card.DisplayName);
                w.WriteString("type"u8, McpServerCard.MediaType);
                w.WriteString("url"u8, origin + cardPath);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        // The catalog names this host, so it is built per request; it is tiny and the ETag still lets clients revalidate.
        var json = buffer.WrittenMemory.ToArray();
        return ServeAsync(context, CatalogMediaType, json, ETagOf(json));
    }

    /// <summary>Answers a GET (or HEAD) of a JSON document computed at start-up (Protected Resource Metadata).</summary>
    public static Task ServeJsonAsync(HttpContext context, byte[] json) =>
        ServeAsync(context, "application/json", json, ETagOf(json));

    /// <summary>Answers a CORS preflight for a discovery document.</summary>
    public static Task PreflightAsync(HttpContext context)
    {
        AddCors(context.Response);
        context.Response.Headers.AccessControlMaxAge = "86400";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    internal static string ETagOf(ReadOnlySpan<byte> content) => "\"" + Convert.ToHexStringLower(SHA256.HashData(content)[..16]) + "\"";

    private static Task ServeAsync(HttpContext context, string mediaType, ReadOnlyMemory<byte> json, string etag)
    {
        var response = context.Response;
        AddCors(response);
        response.Headers.CacheControl = "public, max-age=3600";
        response.Headers.ETag = etag;
        if (Matches(context.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = mediaType;
        response.ContentLength = json.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.BodyWriter.WriteAsync(json, context.RequestAborted).AsTask();
    }

    private static void AddCors(HttpResponse response)
    {
        var headers = response.Headers;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlAllowMethods = "GET";
        headers.AccessControlAllowHeaders = "Content-Type, If-None-Match";
        headers.AccessControlExposeHeaders = "ETag";
    }

    /// <summary>RFC 9110 weak comparison for If-None-Match: <c>*</c>, or any listed tag equal ignoring <c>W/</c>.</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0)
        {
            return false;
        }

        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false))
            {
                return true;
            }
        }

        return false;
    }
}
