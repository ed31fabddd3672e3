using System;
using Microsoft.Extensions.Logging;

namespace McpGen;

/// <summary>The text of the <c>isError</c> result a failed tool call answers with, in a request or in a task run.</summary>
internal static partial class McpToolErrors
{
    /// <summary>Argument problems name the tool; anything else is logged and its message passed on.</summary>
    public static string Text(ILogger logger, McpToolDescriptor tool, Exception ex)
    {
        if (ex is McpArgumentException argument)
        {
            return $"Invalid arguments for tool '{tool.Name}': {argument.Message}";
        }

        LogToolFailed(logger, tool.Name, ex);
        return ex.Message;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Tool '{ToolName}' failed; the client receives an isError result with the exception message.")]
    private static partial void LogToolFailed(ILogger logger, string toolName, Exception exception);
}
