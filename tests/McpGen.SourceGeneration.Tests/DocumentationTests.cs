using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace McpGen.SourceGeneration.Tests;

/// <summary>What a newcomer reads first: the README's example compiles, and no link in the docs leads nowhere.</summary>
public sealed class DocumentationTests
{
    [Fact]
    public void Readme_complete_server_compiles_with_the_generator_without_warnings()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        string section = readme[readme.IndexOf("## A complete server", StringComparison.Ordinal)..];
        string example = Regex.Match(section, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("[McpTool", example);

        var result = GeneratorHarness.RunProgram(example);

        result.AssertCleanCompilation();
        string generated = string.Concat(result.Sources.Select(s => s.SourceText.ToString()));
        Assert.Contains("get_forecast", generated);
    }

    [Fact]
    public void Every_relative_link_in_the_docs_and_readmes_reaches_a_file_and_heading()
    {
        var broken = new List<string>();
        foreach (string file in MarkdownFiles())
        {
            string text = StripCode(File.ReadAllText(file));
            foreach (Match link in Regex.Matches(text, @"\]\((?<target>[^)\s]+)\)"))
            {
                string target = link.Groups["target"].Value;
                if (Regex.IsMatch(target, "^[a-z]+:", RegexOptions.IgnoreCase))
                {
                    continue; // https:, mailto:
                }

                string[] parts = target.Split('#', 2);
                string path = parts[0].Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(parts[0])));
                string where = $"{Path.GetRelativePath(RepositoryRoot, file)}: ({target})";
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    broken.Add(where + " — no such file");
                }
                else if (parts.Length == 2 && path.EndsWith(".md", StringComparison.Ordinal) && !Anchors(path).Contains(parts[1]))
                {
                    broken.Add(where + " — no such heading");
                }
            }
        }

        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join("\n", broken));
    }

    private static IEnumerable<string> MarkdownFiles()
    {
        yield return Path.Combine(RepositoryRoot, "README.md");
        foreach (string folder in new[] { "docs", "samples", "benchmarks", "src" })
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), "*.md", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(RepositoryRoot, file).Replace('\\', '/');
                if (!relative.Contains("/bin/", StringComparison.Ordinal) && !relative.Contains("/obj/", StringComparison.Ordinal))
                {
                    yield return file;
                }
            }
        }
    }

    /// <summary>Removes fenced and inline code, whose brackets are not links.</summary>
    private static string StripCode(string markdown) =>
        Regex.Replace(Regex.Replace(markdown, "```.*?```", "", RegexOptions.Singleline), "`[^`\n]*`", "");

    /// <summary>The heading anchors GitHub makes for a Markdown file (lower case, punctuation dropped, spaces to hyphens, repeats numbered).</summary>
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string text = Regex.Replace(File.ReadAllText(file), "```.*?```", "", RegexOptions.Singleline);
        foreach (Match heading in Regex.Matches(text, @"^#{1,6}\s+(?<title>.+?)\s*$", RegexOptions.Multiline))
        {
            var slug = new StringBuilder();
            foreach (char c in heading.Groups["title"].Value.ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            string anchor = slug.ToString();
            int count = seen.TryGetValue(anchor, out int n) ? n : 0;
            seen[anchor] = count + 1;
            anchors.Add(count == 0 ? anchor : $"{anchor}-{count}");
        }

        return anchors;
    }

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "McpGen.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("McpGen.sln not found above " + AppContext.BaseDirectory);
    }
}
