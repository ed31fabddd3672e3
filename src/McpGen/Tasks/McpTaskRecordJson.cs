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

            if (task.SealedCallerToken is { } sealedToken)
            {
                w.WriteString("callerToken"u8, sealedToken);
            }

            if (task.TraceParent is { } traceParent)
            {
                w.WriteString("traceparent"u8, traceParent);
            }

            if (task.Links is { Count: > 0 } links)
            {
                w.WriteStartObject("links"u8);
                foreach (var (key, link) in links)
                {
                    w.WritePropertyName(key);
                    WriteLink(w, link);
                }

                w.WriteEndObject();
            }

            w.WriteNumber("version"u8, task.Version);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a stored record; throws <see cref="JsonException"/> when it is not one.</summary>
    public static McpTaskRecord Read(ReadOnlyMemory<byte> json)
    {
        string? id = null, tool = null, message = null, owner = null, createdBy = null, traceParent = null, callerToken = null;
        System.Collections.Generic.Dictionary<string, McpChildLink>? links = null;
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
                case "traceparent": traceParent = reader.GetString(); break;
                case "callerToken": callerToken = reader.GetString(); break;
                case "links": links = ReadLinks(json, ref reader); break;
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
            TraceParent = traceParent,
            SealedCallerToken = callerToken,
            Links = links,
            Version = version,
        };
    }

    private static void WriteLink(Utf8JsonWriter w, McpChildLink link)
    {
        w.WriteStartObject();
        w.WriteString("server"u8, link.Server);
        w.WriteString("tool"u8, link.Tool);
        w.WriteNumber("state"u8, (int)link.State);
        if (link.ChildTaskId is { } childTaskId)
        {
            w.WriteString("taskId"u8, childTaskId);
        }

        w.WriteNumber("attempts"u8, link.Attempts);
        if (link.ChildExpiresAt is { } expires)
        {
            w.WriteNumber("expires"u8, expires.ToUnixTimeMilliseconds());
        }

        Raw(w, "result"u8, link.Result);
        Raw(w, "error"u8, link.Error);
        Raw(w, "inputRequests"u8, link.InputRequests);
        Raw(w, "requestState"u8, link.RequestState);
        w.WriteEndObject();
    }

    /// <summary>Reads the <c>links</c> object the reader is on; raw members are slices of <paramref name="json"/>.</summary>
    private static System.Collections.Generic.Dictionary<string, McpChildLink> ReadLinks(ReadOnlyMemory<byte> json, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A task record's links are a JSON object.");
        }

        var links = new System.Collections.Generic.Dictionary<string, McpChildLink>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"Link '{key}' of a task record is not a JSON object.");
            }

            string? server = null, tool = null, taskId = null;
            int state = 0, attempts = 0;
            long? expires = null;
            ReadOnlyMemory<byte> result = default, error = default, inputRequests = default, requestState = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                switch (name)
                {
                    case "server": server = reader.GetString(); break;
                    case "tool": tool = reader.GetString(); break;
                    case "taskId": taskId = reader.GetString(); break;
                    case "state": state = reader.GetInt32(); break;
                    case "attempts": attempts = reader.GetInt32(); break;
                    case "expires": expires = reader.GetInt64(); break;
                    default:
                        reader.Skip();
                        var raw = json[start..(int)reader.BytesConsumed];
                        switch (name)
                        {
                            case "result": result = raw; break;
                            case "error": error = raw; break;
                            case "inputRequests": inputRequests = raw; break;
                            case "requestState": requestState = raw; break;
                        }

                        break;
                }
            }

            links[key] = new McpChildLink
            {
                Key = key,
                Server = server ?? throw new JsonException($"Link '{key}' of a task record needs a server."),
                Tool = tool ?? throw new JsonException($"Link '{key}' of a task record needs a tool."),
                State = (McpChildLinkState)state,
                ChildTaskId = taskId,
                Attempts = attempts,
                ChildExpiresAt = expires is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
                Result = result,
                Error = error,
                InputRequests = inputRequests,
                RequestState = requestState,
            };
        }

        return links;
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
