using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using McpGen.SourceGeneration.Model;

namespace McpGen.SourceGeneration.Helpers;

/// <summary>
/// Builds the server card (server-card draft, <c>#/$defs/ServerCard</c>) at compile time from the server's declarations,
/// and checks what the schema constrains so an invalid card never ships.
/// </summary>
internal static class ServerCardBuilder
{
    public const string SchemaUri = "https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json";

    /// <summary>
    /// The revisions a Streamable HTTP endpoint serves: 2026-07-28, and the legacy revisions whose clients send
    /// <c>MCP-Protocol-Version</c> on every request (earlier ones cannot be served without sessions). A test checks the
    /// runtime serves each of them over HTTP.
    /// </summary>
    public static readonly string[] HttpProtocolVersions = ["2026-07-28", "2025-11-25", "2025-06-18"];

    private const int MaxDescriptionLength = 100;

    private static readonly Regex s_cardName = new("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$", RegexOptions.CultureInvariant);
    private static readonly Regex s_remoteUrl = new(@"^(https?://[^\s]+|\{[a-zA-Z_][a-zA-Z0-9_]*\}[^\s]*)$", RegexOptions.CultureInvariant);
    private static readonly Regex s_namespace = new("^[a-zA-Z0-9.-]+$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Builds the card; returns <see langword="null"/> and adds a <see cref="CardProblem"/> to <paramref name="problems"/>
    /// for every declaration the schema would reject.
    /// </summary>
    public static ServerCardSpec? Build(
        string serverName,
        string? publisher,
        string csharpNamespace,
        string version,
        string? title,
        string? description,
        string? websiteUrl,
        IReadOnlyList<IconSpec> icons,
        IReadOnlyList<string> remotes,
        List<CardProblem> problems)
    {
        string name = CardName(serverName, publisher, csharpNamespace, problems);
        if (version.Length > 255)
        {
            problems.Add(new CardProblem("Version", "the server card allows at most 255 characters"));
        }

        if (title is { Length: > MaxDescriptionLength })
        {
            problems.Add(new CardProblem("Title", $"the server card allows at most {MaxDescriptionLength} characters"));
        }

        if (websiteUrl is not null && !IsAbsoluteUri(websiteUrl))
        {
            problems.Add(new CardProblem("WebsiteUrl", $"'{websiteUrl}' is not an absolute URI"));
        }

        foreach (var icon in icons)
        {
            if (!IsAbsoluteUri(icon.Source))
            {
                problems.Add(new CardProblem("McpIcon", $"'{icon.Source}' is not an absolute URI (use https: or data:)"));
            }

            if (icon.Theme is not null and not ("light" or "dark"))
            {
                problems.Add(new CardProblem("McpIcon.Theme", $"'{icon.Theme}' is not 'light' or 'dark'"));
            }
        }

        foreach (var remote in remotes)
        {
            if (!s_remoteUrl.IsMatch(remote))
            {
                problems.Add(new CardProblem("McpRemote", $"'{remote}' is not an http(s) URL (or a URL starting with a {{variable}})"));
            }
        }

        if (problems.Count > 0)
        {
            return null;
        }

        // The card needs a 1-100 character description; a longer summary is cut at a word boundary.
        string cardDescription = Shorten(description ?? title ?? serverName);
        var json = new JsonText()
            .StartObject()
            .Property("$schema", SchemaUri)
            .Property("name", name)
            .Property("version", version)
            .Property("description", cardDescription);
        if (title is not null)
        {
            json.Property("title", title);
        }

        if (websiteUrl is not null)
        {
            json.Property("websiteUrl", websiteUrl);
        }

        if (icons.Count > 0)
        {
            json.Name("icons").StartArray();
            foreach (var icon in icons)
            {
                WriteIcon(json, icon);
            }

            json.EndArray();
        }

        if (remotes.Count > 0)
        {
            json.Name("remotes").StartArray();
            foreach (var remote in remotes)
            {
                json.StartObject().Property("type", "streamable-http").Property("url", remote).Name("supportedProtocolVersions").StartArray();
                foreach (var protocolVersion in HttpProtocolVersions)
                {
                    json.String(protocolVersion);
                }

                json.EndArray().EndObject();
            }

            json.EndArray();
        }

        string document = json.EndObject().ToString();
        return new ServerCardSpec(name, title ?? serverName, document, ETag(document));
    }

    /// <summary>Writes an icon as <c>serverInfo</c> and the card describe it.</summary>
    public static void WriteIcon(JsonText json, IconSpec icon)
    {
        json.StartObject().Property("src", icon.Source);
        if (icon.MimeType is not null)
        {
            json.Property("mimeType", icon.MimeType);
        }

        if (SplitSizes(icon.Sizes) is { Length: > 0 } sizes)
        {
            json.Name("sizes").StartArray();
            foreach (var size in sizes)
            {
                json.String(size);
            }

            json.EndArray();
        }

        if (icon.Theme is not null)
        {
            json.Property("theme", icon.Theme);
        }

        json.EndObject();
    }

    public static string[] SplitSizes(string? sizes) =>
        sizes is null ? [] : sizes.Split([' '], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// <c>namespace/name</c>: the server name when it already has that form, else the publisher (or the C# namespace in
    /// lower case) and the server name, with characters the pattern forbids replaced by '-'.
    /// </summary>
    private static string CardName(string serverName, string? publisher, string csharpNamespace, List<CardProblem> problems)
    {
        string name;
        if (serverName.IndexOf('/') >= 0)
        {
            name = serverName;
        }
        else
        {
            if (publisher is not null && !s_namespace.IsMatch(publisher))
            {
                problems.Add(new CardProblem("Publisher", $"'{publisher}' is not a reverse-DNS namespace (letters, digits, '.' and '-', e.g. com.example)"));
                return publisher + "/" + serverName;
            }

            string ns = publisher ?? Sanitize(csharpNamespace.Length == 0 ? "local" : csharpNamespace.ToLowerInvariant(), allowUnderscore: false);
            name = ns + "/" + Sanitize(serverName, allowUnderscore: true);
        }

        if (!s_cardName.IsMatch(name) || name.Length is < 3 or > 200)
        {
            problems.Add(new CardProblem("Name", $"the server card name '{name}' must match namespace/name ({s_cardName}) in 3 to 200 characters"));
        }

        return name;
    }

    private static string Sanitize(string value, bool allowUnderscore)
    {
        var sb = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '.' or '-' || (allowUnderscore && c == '_');
            sb.Append(ok ? c : '-');
        }

        return sb.ToString();
    }

    private static string Shorten(string description)
    {
        description = description.Trim();
        if (description.Length <= MaxDescriptionLength)
        {
            return description.Length == 0 ? "MCP server" : description;
        }

        int cut = description.LastIndexOf(' ', MaxDescriptionLength - 1);
        return description.Substring(0, cut > MaxDescriptionLength / 2 ? cut : MaxDescriptionLength - 1).TrimEnd() + "…";
    }

    private static bool IsAbsoluteUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1 && value.IndexOf(' ') < 0 && !value.StartsWith("/", StringComparison.Ordinal);

    /// <summary>A strong entity tag: the first 16 bytes of the content's SHA-256, quoted (the same tag the runtime computes).</summary>
    private static string ETag(string document)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(document));
        var sb = new StringBuilder("\"", 34);
        for (int i = 0; i < 16; i++)
        {
            sb.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.Append('"').ToString();
    }
}

/// <summary>Why a server card cannot be built: the attribute field at fault and the rule it breaks.</summary>
internal readonly record struct CardProblem(string Field, string Problem);
