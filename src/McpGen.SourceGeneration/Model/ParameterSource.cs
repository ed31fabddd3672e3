namespace McpGen.SourceGeneration.Model;

/// <summary>Where a parameter's value comes from.</summary>
internal enum ParameterSource
{
    /// <summary>A tool argument, prompt argument or URI template variable.</summary>
    Argument,
    CancellationToken,
    Progress,
    RequestContext,
    /// <summary><c>McpInput</c>: asks the client for input (tools, prompts, resource reads).</summary>
    Input,
    ServiceProvider,
    Service,
    /// <summary>Completion methods: what the user typed.</summary>
    CompletionValue,
    /// <summary>Completion methods: another argument, by name.</summary>
    ContextArgument,
    /// <summary>Completion methods: all other arguments.</summary>
    ContextArguments,
}
