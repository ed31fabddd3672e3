using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace McpGen;

/// <summary>How a handler run ended, for its caller to put on the wire in its own terms.</summary>
internal enum McpHandlerOutcome
{
    /// <summary>The handler returned; what it wrote is the result.</summary>
    Completed,

    /// <summary>The request's token fired and the handler stopped.</summary>
    Cancelled,

    /// <summary>The handler asked the client for input it does not have yet (<see cref="McpHandlerInvocation.Input"/>).</summary>
    InputRequired,

    /// <summary>The client's answers to an earlier round do not fit what was asked.</summary>
    InvalidInputResponse,

    /// <summary>The handler needs a client capability the request did not declare.</summary>
    MissingCapability,

    /// <summary>The handler threw (<see cref="McpHandlerInvocation.Exception"/>); the caller maps the exception.</summary>
    Failed,
}

/// <summary>
/// Runs one handler (tool, resource, prompt) the same way for every method and for task runs: inside a DI scope when it
/// resolves services, progress completed and the scope disposed afterwards, and every way it can end turned into an
/// <see cref="McpHandlerOutcome"/>. The one place that knows which exceptions mean what.
/// </summary>
internal readonly struct McpHandlerInvocation
{
    private McpHandlerInvocation(McpHandlerOutcome outcome, Exception? exception = null, McpInput? input = null)
    {
        Outcome = outcome;
        Exception = exception;
        Input = input;
    }

    /// <summary>How the run ended.</summary>
    public McpHandlerOutcome Outcome { get; }

    /// <summary>The exception behind every outcome but <see cref="McpHandlerOutcome.Completed"/> and <see cref="McpHandlerOutcome.InputRequired"/>.</summary>
    public Exception? Exception { get; }

    /// <summary>The open round of <see cref="McpHandlerOutcome.InputRequired"/>.</summary>
    public McpInput? Input { get; }

    /// <summary>A scope for a handler that resolves services, so scoped services live exactly as long as the call.</summary>
    public static AsyncServiceScope? CreateScope(IServiceScopeFactory? scopeFactory, bool usesServices) =>
        usesServices && scopeFactory is not null ? scopeFactory.CreateAsyncScope() : null;

    /// <summary>Runs <paramref name="handler"/> on <paramref name="context"/>, then disposes <paramref name="scope"/>.</summary>
    public static ValueTask<McpHandlerInvocation> InvokeAsync<TContext>(TContext context, Func<TContext, ValueTask> handler, AsyncServiceScope? scope, CancellationToken cancellationToken)
        where TContext : McpRequestContext
    {
        ValueTask running;
        try
        {
            running = handler(context);
        }
        catch (Exception ex)
        {
            // A handler that throws before its first await: mapped below like any other failure.
            running = ValueTask.FromException(ex);
        }

        // Most handlers finish without waiting and need no scope: no state machine for them.
        if (running.IsCompletedSuccessfully && scope is null)
        {
            running.GetAwaiter().GetResult();
            context.ProgressReporter?.Complete();
            return new(default(McpHandlerInvocation));
        }

        return AwaitAsync(context, running, scope, cancellationToken);
    }

    private static async ValueTask<McpHandlerInvocation> AwaitAsync<TContext>(TContext context, ValueTask running, AsyncServiceScope? scope, CancellationToken cancellationToken)
        where TContext : McpRequestContext
    {
        try
        {
            try
            {
                await running.ConfigureAwait(false);
            }
            finally
            {
                context.ProgressReporter?.Complete();
                if (scope is { } s)
                {
                    await s.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            return new(McpHandlerOutcome.Cancelled, ex);
        }
        catch (McpInputRequiredException ex) when (ReferenceEquals(ex.Input, context.InputIfUsed))
        {
            return new(McpHandlerOutcome.InputRequired, input: ex.Input);
        }
        catch (McpInputResponseException ex)
        {
            return new(McpHandlerOutcome.InvalidInputResponse, ex);
        }
        catch (McpMissingClientCapabilityException ex)
        {
            return new(McpHandlerOutcome.MissingCapability, ex);
        }
        catch (Exception ex)
        {
            return new(McpHandlerOutcome.Failed, ex);
        }

        return default;
    }
}
