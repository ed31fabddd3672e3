using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace HelpDesk;

/// <summary>How urgent a ticket is.</summary>
public enum Priority
{
    /// <summary>Whenever someone has time.</summary>
    Low,
    /// <summary>Within a working day.</summary>
    Normal,
    /// <summary>Within hours: work is blocked.</summary>
    High,
    /// <summary>Now: many people or money are affected.</summary>
    Urgent,
}

/// <summary>Where a ticket is in its life.</summary>
public enum TicketStatus
{
    /// <summary>Waiting for someone to pick it up.</summary>
    Open,
    /// <summary>Someone works on it.</summary>
    Assigned,
    /// <summary>Resolved.</summary>
    Closed,
}

/// <summary>A support ticket.</summary>
/// <param name="Id">The ticket number.</param>
/// <param name="Title">A one-line summary.</param>
/// <param name="Description">What the requester wrote.</param>
/// <param name="Priority">How urgent it is.</param>
/// <param name="Status">Open, assigned or closed.</param>
/// <param name="Requester">Who asked for help.</param>
/// <param name="Assignee">Who works on it, once assigned.</param>
/// <param name="Resolution">How it was resolved, once closed.</param>
/// <param name="OpenedAt">When it was opened.</param>
public sealed record Ticket(
    int Id,
    string Title,
    string Description,
    Priority Priority,
    TicketStatus Status,
    string Requester,
    string? Assignee,
    string? Resolution,
    DateTimeOffset OpenedAt);

/// <summary>One line of a search result.</summary>
/// <param name="Id">The ticket number; read it in full as <c>tickets://{id}</c>.</param>
/// <param name="Title">Its one-line summary.</param>
/// <param name="Priority">How urgent it is.</param>
/// <param name="Status">Open, assigned or closed.</param>
/// <param name="Assignee">Who works on it, if anyone.</param>
public sealed record TicketSummary(int Id, string Title, Priority Priority, TicketStatus Status, string? Assignee);

/// <summary>Where tickets live. Every instance of the server must see the same tickets.</summary>
public interface ITicketStore
{
    /// <summary>Stores a new ticket and returns it with its number.</summary>
    Task<Ticket> AddAsync(string title, string description, Priority priority, string requester, CancellationToken cancellationToken);

    /// <summary>A ticket by number, or null.</summary>
    Task<Ticket?> GetAsync(int id, CancellationToken cancellationToken);

    /// <summary>Replaces a ticket; false when there is no ticket with its number.</summary>
    Task<bool> UpdateAsync(Ticket ticket, CancellationToken cancellationToken);

    /// <summary>Every ticket, newest first.</summary>
    IAsyncEnumerable<Ticket> ListAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Tickets in this process's memory, seeded with a few examples. Right for trying the sample and for one instance;
/// with more than one instance behind a load balancer, implement <see cref="ITicketStore"/> over a database or Redis
/// (samples/ScaleOutServer shows a Redis store).
/// </summary>
[McpProcessLocal("The sample's development store; a deployment with several instances replaces it with a shared one (see README).")]
public sealed class InMemoryTicketStore : ITicketStore
{
    private readonly ConcurrentDictionary<int, Ticket> _tickets = new();
    private readonly TimeProvider _time;
    private int _lastId;

    /// <summary>Creates the store with three example tickets.</summary>
    public InMemoryTicketStore(TimeProvider time)
    {
        _time = time;
        var now = time.GetUtcNow();
        Seed(new Ticket(0, "VPN drops every hour", "The VPN disconnects at :00 every hour since the update.", Priority.High, TicketStatus.Open, "ana@contoso.com", null, null, now.AddHours(-5)));
        Seed(new Ticket(0, "Printer on floor 3 jams", "Paper jams on every duplex job.", Priority.Low, TicketStatus.Assigned, "li@contoso.com", "sam", null, now.AddHours(-3)));
        Seed(new Ticket(0, "Cannot log in to payroll", "Password reset mail never arrives.", Priority.Urgent, TicketStatus.Open, "omar@contoso.com", null, null, now.AddMinutes(-40)));
    }

    private void Seed(Ticket ticket)
    {
        int id = Interlocked.Increment(ref _lastId);
        _tickets[id] = ticket with { Id = id };
    }

    /// <inheritdoc/>
    public Task<Ticket> AddAsync(string title, string description, Priority priority, string requester, CancellationToken cancellationToken)
    {
        int id = Interlocked.Increment(ref _lastId);
        var ticket = new Ticket(id, title, description, priority, TicketStatus.Open, requester, null, null, _time.GetUtcNow());
        _tickets[id] = ticket;
        return Task.FromResult(ticket);
    }

    /// <inheritdoc/>
    public Task<Ticket?> GetAsync(int id, CancellationToken cancellationToken) =>
        Task.FromResult(_tickets.TryGetValue(id, out var ticket) ? ticket : null);

    /// <inheritdoc/>
    public Task<bool> UpdateAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (!_tickets.TryGetValue(ticket.Id, out var current))
        {
            return Task.FromResult(false);
        }

        return Task.FromResult(_tickets.TryUpdate(ticket.Id, ticket, current));
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<Ticket> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var ticket in _tickets.Values.OrderByDescending(t => t.Id))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return ticket;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
