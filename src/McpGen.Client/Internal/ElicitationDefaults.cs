using System.Collections.Generic;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace McpGen.Client.Internal;

/// <summary>SEP-1034: an accepted form leaves no field with a default empty; the client fills in what the user left out.</summary>
internal static class ElicitationDefaults
{
    public static ElicitResult Apply(ElicitResult answer, JsonElement @params)
    {
        if (answer.Action != "accept"
            || @params.ValueKind != JsonValueKind.Object
            || !@params.TryGetProperty("requestedSchema"u8, out var schema)
            || schema.ValueKind != JsonValueKind.Object
            || !schema.TryGetProperty("properties"u8, out var properties)
            || properties.ValueKind != JsonValueKind.Object)
        {
            return answer;
        }

        IDictionary<string, JsonElement>? content = answer.Content;
        foreach (var property in properties.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object
                && property.Value.TryGetProperty("default"u8, out var @default)
                && (content is null || !content.ContainsKey(property.Name)))
            {
                content ??= new Dictionary<string, JsonElement>();
                content[property.Name] = @default.Clone();
            }
        }

        answer.Content = content;
        return answer;
    }
}
