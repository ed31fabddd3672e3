using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGen.Client.InteropTests.OfficialSdk;

/// <summary>A forecast, returned as structured content.</summary>
/// <param name="City">The city.</param>
/// <param name="Days">One entry per day.</param>
public sealed record Forecast(string City, IReadOnlyList<DayForecast> Days);

/// <summary>One day of a forecast.</summary>
/// <param name="Day">Days from today.</param>
/// <param name="HighCelsius">The day's high.</param>
/// <param name="Sky">The sky.</param>
public sealed record DayForecast(int Day, double HighCelsius, string Sky);

/// <summary>What the confirm tool asks the user.</summary>
/// <param name="Confirm">Go ahead.</param>
public sealed record Confirmation(bool Confirm);

/// <summary>Tools written the way the official C# SDK's documentation writes them (reflection, attributes).</summary>
[McpServerToolType]
public sealed class OfficialSdkTools
{
    [McpServerTool(Name = "echo"), Description("Echoes the message.")]
    public static string Echo([Description("The text to echo.")] string message) => message;

    [McpServerTool(Name = "add"), Description("Adds two integers.")]
    public static long Add(int a, int b) => (long)a + b;

    [McpServerTool(Name = "forecast", UseStructuredContent = true), Description("A made-up forecast.")]
    public static Forecast GetForecast(string city, int days = 2) =>
        new(city, Enumerable.Range(0, days).Select(d => new DayForecast(d, 20.5 + d, d % 2 == 0 ? "sunny" : "cloudy")).ToList());

    private static int s_cancelled;

    [McpServerTool(Name = "slow"), Description("Waits up to a minute; counts the calls cancelled meanwhile.")]
    public static async Task<string> Slow(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken);
            return "done";
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref s_cancelled);
            throw;
        }
    }

    [McpServerTool(Name = "cancelled"), Description("How many slow calls were cancelled.")]
    public static int Cancelled() => Volatile.Read(ref s_cancelled);

    [McpServerTool(Name = "steps"), Description("Reports progress once per step, then answers.")]
    public static async Task<string> Steps(int count, IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        for (int i = 1; i <= count; i++)
        {
            progress.Report(new ProgressNotificationValue { Progress = i, Total = count, Message = "step " + i });
            await Task.Yield();
        }

        return count + " steps";
    }

    [McpServerTool(Name = "confirm"), Description("Asks the user to confirm (elicitation), then answers.")]
    public static async Task<string> Confirm(McpServer server, string item, CancellationToken cancellationToken)
    {
        var answer = await server.ElicitAsync<Confirmation>("Delete " + item + "?", null, cancellationToken);
        return answer.Action == "accept" && answer.Content?.Confirm == true ? "deleted " + item : "kept " + item;
    }

    [McpServerTool(Name = "confirm_rounds"), Description("Asks the user to confirm through an input_required round (2026-07-28), then answers.")]
    public static string ConfirmRounds(RequestContext<CallToolRequestParams> context, string item)
    {
        if (context.Params?.InputResponses is not { } responses || !responses.TryGetValue("confirm", out var response))
        {
            throw new InputRequiredException(
                new Dictionary<string, InputRequest>
                {
                    ["confirm"] = InputRequest.ForElicitation(new ElicitRequestParams
                    {
                        Message = "Delete " + item + "?",
                        RequestedSchema = new() { Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition> { ["confirm"] = new ElicitRequestParams.BooleanSchema() } },
                    }),
                },
                "state:" + item);
        }

        if (context.Params.RequestState != "state:" + item)
        {
            throw new McpException("the request state came back changed: " + context.Params.RequestState);
        }

        var answer = response.Deserialize(InputResponse.ElicitResultJsonTypeInfo);
        bool yes = answer?.Action == "accept" && answer.Content is { } content && content.TryGetValue("confirm", out var confirm) && confirm.ValueKind == System.Text.Json.JsonValueKind.True;
        return (yes ? "deleted " : "kept ") + item;
    }

    [McpServerTool(Name = "fail"), Description("Always fails with the reason given.")]
    public static string Fail(string why) => throw new McpException("refused: " + why);
}

/// <summary>A resource template.</summary>
[McpServerResourceType]
public sealed class OfficialSdkResources
{
    [McpServerResource(UriTemplate = "notes://{id}", Name = "note", MimeType = "text/plain"), Description("A note by id.")]
    public static string Note(string id) => "note " + id;
}

/// <summary>A prompt.</summary>
[McpServerPromptType]
public sealed class OfficialSdkPrompts
{
    [McpServerPrompt(Name = "greet"), Description("Greets someone.")]
    public static string Greet(string name) => "Say hello to " + name + ".";
}
