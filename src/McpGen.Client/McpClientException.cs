using System;
using System.Text.Json;

namespace McpGen.Client;

/// <summary>A call to an MCP server failed on the client side or on the way: the transport, the protocol, input rounds.</summary>
public class McpClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public McpClientException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public McpClientException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An HTTP answer that carried no JSON-RPC message: the status names the problem.</summary>
public sealed class McpHttpStatusException : McpClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">What went wrong.</param>
    public McpHttpStatusException(int statusCode, string message)
        : base(message) => StatusCode = statusCode;

    /// <summary>The HTTP status code the server answered with.</summary>
    public int StatusCode { get; }
}

/// <summary>The server answered a request with a JSON-RPC error.</summary>
public sealed class McpRemoteException : McpClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The JSON-RPC error code (see <see cref="McpProtocol.ErrorCodes"/>).</param>
    /// <param name="remoteMessage">The server's error message.</param>
    /// <param name="data">The error's <c>data</c>, if any.</param>
    /// <param name="method">The request's method.</param>
    /// <param name="name">The tool or prompt name or resource URI the request targeted, if any.</param>
    public McpRemoteException(int code, string remoteMessage, JsonElement? data, string method, string? name)
        : base($"The MCP server answered {method}{(name is null ? "" : " '" + name + "'")} with error {code}: {remoteMessage}")
    {
        Code = code;
        RemoteMessage = remoteMessage;
        Data = data;
        Method = method;
        Name = name;
    }

    /// <summary>The JSON-RPC error code, e.g. -32602 (invalid params) or -32601 (method not found).</summary>
    public int Code { get; }

    /// <summary>The server's error message, as sent.</summary>
    public string RemoteMessage { get; }

    /// <summary>The error's <c>data</c> member, when present.</summary>
    public new JsonElement? Data { get; }

    /// <summary>The request's method.</summary>
    public string Method { get; }

    /// <summary>The tool or prompt name or resource URI the request targeted, or <see langword="null"/>.</summary>
    public string? Name { get; }
}

/// <summary>A tool ran and reported failure (<c>isError: true</c> in its result).</summary>
public sealed class McpToolException : McpClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="toolName">The tool that failed.</param>
    /// <param name="errorText">The text of the result's text content blocks.</param>
    /// <param name="resultJson">The whole <c>CallToolResult</c> as JSON.</param>
    public McpToolException(string toolName, string? errorText, string resultJson)
        : base($"Tool '{toolName}' failed: {(string.IsNullOrEmpty(errorText) ? "(no error text)" : errorText)}")
    {
        ToolName = toolName;
        ErrorText = errorText;
        ResultJson = resultJson;
    }

    /// <summary>The tool that failed.</summary>
    public string ToolName { get; }

    /// <summary>The text content of the failed result (its text blocks joined by new lines), or <see langword="null"/>.</summary>
    public string? ErrorText { get; }

    /// <summary>The whole result (<c>CallToolResult</c>) as JSON, for content beyond text.</summary>
    public string ResultJson { get; }
}
