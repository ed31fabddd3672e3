using System;
using System.Globalization;
using System.IO;

/// <summary>The resident set of a process, from <c>/proc/{pid}/status</c> (Linux).</summary>
internal static class ResidentMemory
{
    /// <summary>VmRSS in kB; 0 when the process is gone or the file cannot be read.</summary>
    public static long Kb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
