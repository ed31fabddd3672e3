using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class ParseTools
{
    private static readonly System.Text.RegularExpressions.Regex s_ticket = new("^[A-Z]+-[0-9]+$");
    private static readonly System.Text.Json.JsonSerializerOptions s_json = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>Checks a ticket id.</summary>
    [McpTool] public static bool IsTicket(string id) => s_ticket.IsMatch(id);

    /// <summary>Echoes a JSON document with web naming.</summary>
    [McpTool] public static string Normalize(string json) =>
        System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json, s_json), s_json);
}
