using System;
using System.Buffers;
using System.Text.Json;
using McpGen.Internal;

namespace McpGen;

/// <summary>The stored form of an <see cref="McpTaskRecord"/>: UTF-8 JSON, the same for every store.</summary>
internal static class McpTaskRecordJson
{
    public static byte[] Write(McpTaskRecord task)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, JsonScratch.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("id"u8, task.TaskId);
            w.WriteString("tool"u8, task.ToolName);
            Raw(w, "arguments"u8, task.Arguments);
            Raw(w, "capabilities"u8, task.ClientCapabilities);
            w.WriteNumber("status"u8, (int)task.Status);
            if (task.StatusMessage is { } message)
            {
                w.WriteString("message"u8, message);
            }

            w.WriteNumber("created"u8, task.CreatedAt.ToUnixTimeMilliseconds());
            w.WriteNumber("updated"u8, task.LastUpdatedAt.ToUnixTimeMilliseconds());
            w.WriteNumber("ttl"u8, task.TimeToLiveMs);
            w.WriteNumber("poll"u8, task.PollIntervalMs);
            Raw(w, "inputRequests"u8, task.InputRequests);
            Raw(w, "answers"u8, task.Answers);
            if (task.CancelRequested)
            {
                w.WriteBoolean("cancel"u8, true);
            }

            Raw(w, "result"u8, task.Result);
            Raw(w, "error"u8, task.Error);
            w.WriteNumber("attempts"u8, task.Attempts);
            if (task.LeaseOwner is { } owner)
            {
                w.WriteString("leaseOwner"u8, owner);
            }

            if (task.LeaseExpiresAt is { } expires)
            {
                w.WriteNumber("leaseExpires"u8, expires.ToUnixTimeMilliseconds());
            }

            if (task.CreatedBy is { } createdBy)
            {
                w.WriteString("createdBy"u8, createdBy);
            }

            w.WriteNumber("version"u8, task.Version);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a stored record; throws <see cref="JsonException"/> when it is not one.</summary>
    public static McpTaskRecord Read(ReadOnlyMemory<byte> json)
    {
        string? id = null, tool = null, message = null, owner = null, createdBy = null;
        ReadOnlyMemory<byte> arguments = default, capabilities = default, inputRequests = default, answers = default, result = default, error = default;
        int status = 0, attempts = 0;
        long created = 0, updated = 0, ttl = 0, poll = 0, version = 0;
        long? leaseExpires = null;
        bool cancel = false;
        var reader = new Utf8JsonReader(json.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A task record is a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            int start = (int)reader.TokenStartIndex;
            switch (name)
            {
                case "id": id = reader.GetString(); break;
                case "tool": tool = reader.GetString(); break;
                case "message": message = reader.GetString(); break;
                case "leaseOwner": owner = reader.GetString(); break;
                case "createdBy": createdBy = reader.GetString(); break;
                case "status": status = reader.GetInt32(); break;
                case "attempts": attempts = reader.GetInt32(); break;
                case "created": created = reader.GetInt64(); break;
                case "updated": updated = reader.GetInt64(); break;
                case "ttl": ttl = reader.GetInt64(); break;
                case "poll": poll = reader.GetInt64(); break;
                case "version": version = reader.GetInt64(); break;
                case "leaseExpires": leaseExpires = reader.GetInt64(); break;
                case "cancel": cancel = reader.GetBoolean(); break;
                default:
                    reader.Skip();
                    var raw = json[start..(int)reader.BytesConsumed];
                    switch (name)
                    {
                        case "arguments": arguments = raw; break;
                        case "capabilities": capabilities = raw; break;
                        case "inputRequests": inputRequests = raw; break;
                        case "answers": answers = raw; break;
                        case "result": result = raw; break;
                        case "error": error = raw; break;
                    }

                    break;
            }
        }

        return new McpTaskRecord
        {
            TaskId = id ?? throw new JsonException("A task record needs an id."),
            ToolName = tool ?? throw new JsonException("A task record needs a tool."),
            Arguments = arguments,
            ClientCapabilities = capabilities,
            Status = (McpTaskStatus)status,
            StatusMessage = message,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(created),
            LastUpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(updated),
            TimeToLiveMs = ttl,
            PollIntervalMs = poll,
            InputRequests = inputRequests,
            Answers = answers,
            CancelRequested = cancel,
            Result = result,
            Error = error,
            Attempts = attempts,
            LeaseOwner = owner,
            LeaseExpiresAt = leaseExpires is { } l ? DateTimeOffset.FromUnixTimeMilliseconds(l) : null,
            CreatedBy = createdBy,
            Version = version,
        };
    }

    private static void Raw(Utf8JsonWriter w, ReadOnlySpan<byte> name, ReadOnlyMemory<byte> json)
    {
        if (!json.IsEmpty)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(json.Span, skipInputValidation: true);
        }
    }
}
