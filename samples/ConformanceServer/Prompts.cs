using System.Collections.Generic;
using System.Linq;
using ModelContextProtocol.Protocol;

namespace McpGen.Conformance;

/// <summary>Prompt and completion fixtures (conformance scenarios prompts-*, completion-complete).</summary>
public static class ConformancePrompts
{
    /// <summary>A prompt without arguments.</summary>
    [McpPrompt("test_simple_prompt")]
    public static string SimplePrompt() => "This is a simple prompt for testing.";

    /// <summary>A prompt with two required arguments.</summary>
    /// <param name="arg1">First test argument.</param>
    /// <param name="arg2">Second test argument.</param>
    [McpPrompt("test_prompt_with_arguments")]
    public static string PromptWithArguments(string arg1, string arg2) => $"Prompt with arguments: arg1='{arg1}', arg2='{arg2}'";

    /// <summary>A prompt that embeds a resource.</summary>
    /// <param name="resourceUri">URI of the resource to embed.</param>
    [McpPrompt("test_prompt_with_embedded_resource")]
    public static IEnumerable<PromptMessage> PromptWithEmbeddedResource(string resourceUri) =>
    [
        new PromptMessage
        {
            Role = Role.User,
            Content = new EmbeddedResourceBlock
            {
                Resource = new TextResourceContents { Uri = resourceUri, MimeType = "text/plain", Text = "Embedded resource content for testing." },
            },
        },
        new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = "Please process the embedded resource above." } },
    ];

    /// <summary>A prompt with an image.</summary>
    [McpPrompt("test_prompt_with_image")]
    public static IEnumerable<ContentBlock> PromptWithImage() =>
    [
        ImageContentBlock.FromBytes(Fixtures.Png, "image/png"),
        new TextContentBlock { Text = "Please analyze the image above." },
    ];

    /// <summary>Suggests values for <c>arg1</c> of <c>test_prompt_with_arguments</c>.</summary>
    [McpCompletion(Prompt = "test_prompt_with_arguments", Argument = "arg1")]
    public static IEnumerable<string> CompleteArg1(string value) =>
        new[] { "paris", "park", "party" }.Where(v => v.StartsWith(value, System.StringComparison.OrdinalIgnoreCase));
}
