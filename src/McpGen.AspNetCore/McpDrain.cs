using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpGen.AspNetCore;

/// <summary>
/// Keeps a stopping instance serving for <see cref="McpHttpOptions.DrainDelay"/> while readiness already answers 503.
/// </summary>
/// <remarks>
/// On <c>SIGTERM</c> the console lifetime raises <c>ApplicationStopping</c> at once, then the host calls every
/// <see cref="IHostedLifecycleService.StoppingAsync"/> before any <see cref="IHostedService.StopAsync"/>, and Kestrel
/// stops accepting only in its <c>StopAsync</c>. Waiting in <see cref="StoppingAsync"/> therefore keeps Kestrel serving;
/// <c>MapMcp</c> begins McpGen's own stop (listen streams end, tasks are handed back) on <see cref="Drained"/> instead of
/// <c>ApplicationStopping</c>, so that too waits for the delay. Readiness (<c>mcp-draining</c>) reads
/// <see cref="IsStopping"/>, which is set by whichever of the two comes first. The wait counts toward
/// <c>HostOptions.ShutdownTimeout</c>: its token ends the wait early.
/// </remarks>
internal sealed class McpDrain : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _drained = new();
    private readonly TimeSpan _delay;
    private readonly ILogger _logger;
    private readonly CancellationTokenRegistration _stoppingRegistration;
    private volatile bool _stopping;

    public McpDrain(IOptions<McpHttpOptions> options, IHostApplicationLifetime lifetime, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifetime);
        _delay = options.Value.DrainDelay;
        _logger = (ILogger?)loggerFactory?.CreateLogger("McpGen.AspNetCore") ?? NullLogger.Instance;
        _stoppingRegistration = lifetime.ApplicationStopping.Register(static d => ((McpDrain)d!)._stopping = true, this);
    }

    /// <summary>True from the moment the host starts stopping: readiness answers 503.</summary>
    public bool IsStopping => _stopping;

    /// <summary>Cancelled once the drain delay has passed (at once without one): McpGen's stop begins.</summary>
    public CancellationToken Drained => _drained.Token;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (_delay > TimeSpan.Zero && !_drained.IsCancellationRequested)
        {
            McpHttpLog.Draining(_logger, _delay);
            await Task.Delay(_delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Drain();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Drain();
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _stoppingRegistration.Dispose();
        _drained.Dispose();
    }

    private void Drain()
    {
        _stopping = true;
        try
        {
            _drained.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
