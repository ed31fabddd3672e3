using System.Threading;
using System.Threading.Tasks;

namespace McpGen;

/// <summary>
/// Implemented by a task store or event bus that depends on an engine outside the process (Redis): says whether that
/// engine answers now. Health checks (<c>AddMcpHealthChecks</c> in McpGen.AspNetCore) ask it for readiness.
/// </summary>
public interface IMcpDependencyProbe
{
    /// <summary>Asks the engine for a sign of life, within <paramref name="cancellationToken"/>.</summary>
    /// <param name="cancellationToken">Gives up.</param>
    /// <returns><see langword="null"/> when it answered; otherwise what is wrong, fit for an operator.</returns>
    ValueTask<string?> ProbeAsync(CancellationToken cancellationToken);
}
