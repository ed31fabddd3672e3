using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class Warmup
{
    public static string Load() => Task.Run(() => "cache").Result;

    public static void Pause() => Thread.Sleep(10);
}

public static class StatusTools
{
    /// <summary>Reports status.</summary>
    [McpTool] public static string Status() => "ok";
}
