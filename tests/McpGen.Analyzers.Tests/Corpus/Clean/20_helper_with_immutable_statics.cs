using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class Slug
{
    private static readonly System.Collections.Immutable.ImmutableArray<char> s_separators = [' ', '_'];
    private const string Dash = "-";

    public static string Make(string text) => string.Join(Dash, text.ToLowerInvariant().Split(s_separators.ToArray()));
}

public static class SlugTools
{
    /// <summary>Makes a URL slug.</summary>
    [McpTool] public static string ToSlug(string title) => Slug.Make(title);
}
