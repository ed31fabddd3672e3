using System;

namespace McpGen;

/// <summary>
/// Ends a round of a handler that asked the client for input it has not given yet: McpGen answers the request with
/// <c>input_required</c>, listing the questions. Thrown when an unanswered <see cref="McpInputRequest{T}"/> is awaited;
/// let it propagate (a <c>catch (Exception)</c> around an ask must rethrow it).
/// </summary>
public sealed class McpInputRequiredException : Exception
{
    internal McpInputRequiredException(McpInput input)
        : base($"The client has not answered yet: {input.PendingRequests.Count} question(s) go back as input_required.") => Input = input;

    internal McpInput Input { get; }
}

/// <summary>An answer in <c>inputResponses</c> that cannot be an answer to its question: the client gets -32602.</summary>
internal sealed class McpInputResponseException : Exception
{
    public McpInputResponseException(string key, string problem)
        : base($"Invalid params.inputResponses[\"{key}\"]: {problem.TrimEnd('.')}.") => Problem = problem;

    private McpInputResponseException((string Message, string Problem) legacy)
        : base(legacy.Message) => Problem = legacy.Problem;

    /// <summary>What is wrong with the answer.</summary>
    public string Problem { get; }

    /// <summary>
    /// The same problem as a 2025-11-25 client knows it: the result of a request the server sent it (it never sends
    /// <c>inputResponses</c>).
    /// </summary>
    public McpInputResponseException ForLegacyAnswer(string method) => new(($"Invalid {method} result: {Problem.TrimEnd('.')}.", Problem));
}
