using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class FileTools
{
    /// <summary>Reads a text file.</summary>
    [McpTool(ReadOnly = true)]
    public static async Task<string> ReadText(string path, CancellationToken cancellationToken)
    {
        string text = await System.IO.File.ReadAllTextAsync(path, cancellationToken);
        return text.Length > 1000 ? text[..1000] : text;
    }

    /// <summary>Finds files by pattern.</summary>
    [McpTool(ReadOnly = true)]
    public static string[] Find(string folder, string pattern) => System.IO.Directory.GetFiles(folder, pattern);
}
