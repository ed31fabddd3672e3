using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class LanguagePrompts
{
    private static readonly System.Collections.Immutable.ImmutableArray<string> s_languages = ["csharp", "fsharp", "python"];

    /// <summary>Reviews code in a language.</summary>
    [McpPrompt("review")]
    public static string Review(string language, string code) => $"Review this {language}: {code}";

    /// <summary>Suggests languages.</summary>
    [McpCompletion(Prompt = "review", Argument = "language")]
    public static IEnumerable<string> Languages(string value) => s_languages.Where(l => l.StartsWith(value, StringComparison.Ordinal));
}
