using System;

namespace McpGen.Client;

/// <summary>
/// Marks a <see langword="partial"/> interface whose methods call another MCP server: the generator implements it, each
/// method marked <see cref="McpRemoteToolAttribute"/>, <see cref="McpRemoteResourceAttribute"/> or
/// <see cref="McpRemotePromptAttribute"/> becoming one typed, reflection-free request. Create one with
/// <see cref="McpClient.Create{T}(Uri, McpClientOptions?)"/>, <see cref="McpClient.As{T}"/> or
/// <c>services.AddMcpClient&lt;T&gt;(endpoint)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class McpClientAttribute : Attribute;
