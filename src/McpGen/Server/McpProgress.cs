namespace McpGen;

/// <summary>
/// A progress update reported by a tool through an <see cref="System.IProgress{T}"/> parameter. It reaches the client
/// as <c>notifications/progress</c> when the request carried a <c>progressToken</c>; otherwise it is dropped.
/// </summary>
/// <param name="Progress">The progress so far; each update must be greater than the previous one (smaller ones are dropped).</param>
/// <param name="Total">The total, when known.</param>
/// <param name="Message">A human-readable status message.</param>
public readonly record struct McpProgress(double Progress, double? Total = null, string? Message = null);
