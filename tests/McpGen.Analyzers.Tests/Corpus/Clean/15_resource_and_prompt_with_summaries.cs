using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class NotesServer
{
    /// <summary>Today's notes.</summary>
    [McpResource("notes://today")]
    public static string Today() => "Buy milk";

    /// <summary>A note by id.</summary>
    [McpResource("notes://{id}")]
    public static string Note(string id) => "note " + id;

    /// <summary>Summarizes a text.</summary>
    [McpPrompt("summarize")]
    public static string Summarize(string text) => "Summarize: " + text;
}
