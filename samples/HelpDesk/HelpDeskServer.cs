using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace HelpDesk;

/// <summary>The help desk: tickets for agents that triage, answer and report on IT support requests.</summary>
[McpServer("helpdesk", Version = "1.0.0", Title = "Contoso Help Desk",
    Instructions = "Search tickets before opening a new one. Read tickets://{id} for the full ticket. Closing a ticket asks the user to confirm. export_tickets runs as a task.")]
public partial class HelpDeskServer;

/// <summary>How a ticket should be closed; the user confirms it in a form.</summary>
/// <param name="Confirm">Close the ticket and notify the requester.</param>
/// <param name="NotifyRequester">Mail the resolution to the requester.</param>
public sealed record CloseConfirmation(bool Confirm, bool NotifyRequester = true);

/// <summary>What a search found.</summary>
/// <param name="Tickets">The matching tickets, newest first, at most the limit.</param>
/// <param name="Total">How many tickets matched in all.</param>
public sealed record TicketSearchResult(IReadOnlyList<TicketSummary> Tickets, int Total);

/// <summary>The format of an export.</summary>
public enum ExportFormat
{
    /// <summary>Comma-separated values with a header row.</summary>
    Csv,
    /// <summary>A Markdown table.</summary>
    Markdown,
}

/// <summary>Tools over tickets. Created per call with its services; it keeps nothing between calls.</summary>
public sealed class TicketTools(ITicketStore tickets, TimeProvider time)
{
    /// <summary>Opens a new ticket for a requester.</summary>
    /// <param name="title">A one-line summary of the problem.</param>
    /// <param name="description">What happened, in the requester's words.</param>
    /// <param name="requester">The requester's e-mail address.</param>
    /// <param name="priority">How urgent it is.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpTool]
    public Task<Ticket> OpenTicketAsync(
        [StringLength(120, MinimumLength = 3)] string title,
        [StringLength(4000)] string description,
        [RegularExpression(@"^[^@\s]+@[^@\s]+$")] string requester,
        Priority priority = Priority.Normal,
        CancellationToken cancellationToken = default) =>
        tickets.AddAsync(title, description, priority, requester, cancellationToken);

    /// <summary>Finds tickets by words in their title or description, status and priority.</summary>
    /// <param name="text">Words to look for (any case); all tickets when omitted.</param>
    /// <param name="status">Only tickets with this status.</param>
    /// <param name="priority">Only tickets with at least this priority.</param>
    /// <param name="limit">How many tickets to return, 1 to 50.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpTool(ReadOnly = true, Idempotent = true)]
    public async Task<TicketSearchResult> SearchTicketsAsync(
        string? text = null,
        TicketStatus? status = null,
        Priority? priority = null,
        [Range(1, 50)] int limit = 10,
        CancellationToken cancellationToken = default)
    {
        var found = new List<TicketSummary>();
        int total = 0;
        await foreach (var ticket in tickets.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((status is null || ticket.Status == status) &&
                (priority is null || ticket.Priority >= priority) &&
                (string.IsNullOrWhiteSpace(text) || Matches(ticket, text)))
            {
                total++;
                if (found.Count < limit)
                {
                    found.Add(new TicketSummary(ticket.Id, ticket.Title, ticket.Priority, ticket.Status, ticket.Assignee));
                }
            }
        }

        return new TicketSearchResult(found, total);
    }

    /// <summary>Assigns a ticket to a support engineer; assigning it again to the same person changes nothing.</summary>
    /// <param name="id">The ticket number.</param>
    /// <param name="assignee">The engineer's user name.</param>
    /// <param name="call">The call, to announce the change to subscribers of the ticket.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpTool(Idempotent = true)]
    public async Task<Ticket> AssignTicketAsync(int id, [StringLength(64, MinimumLength = 1)] string assignee, McpToolCall call, CancellationToken cancellationToken)
    {
        var ticket = await RequireAsync(id, cancellationToken).ConfigureAwait(false);
        if (ticket.Status == TicketStatus.Closed)
        {
            throw new InvalidOperationException($"Ticket {id} is closed; reopen it before assigning it.");
        }

        var assigned = ticket with { Status = TicketStatus.Assigned, Assignee = assignee };
        await SaveAsync(assigned, call, cancellationToken).ConfigureAwait(false);
        return assigned;
    }

    /// <summary>Closes a ticket with its resolution, after the user confirms.</summary>
    /// <param name="id">The ticket number.</param>
    /// <param name="resolution">How the problem was solved.</param>
    /// <param name="input">Asks the user to confirm; the server keeps nothing while they answer.</param>
    /// <param name="call">The call, to announce the change to subscribers of the ticket.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpTool(Destructive = true, Idempotent = true)]
    public async Task<string> CloseTicketAsync(int id, [StringLength(2000, MinimumLength = 1)] string resolution, McpInput input, McpToolCall call, CancellationToken cancellationToken)
    {
        var ticket = await RequireAsync(id, cancellationToken).ConfigureAwait(false);
        if (ticket.Status == TicketStatus.Closed)
        {
            return $"Ticket {id} was already closed: {ticket.Resolution}";
        }

        var answer = await input.Elicit<CloseConfirmation>("confirm", $"Close ticket {id} \"{ticket.Title}\" as: {resolution}?");
        if (!answer.IsAccepted || !answer.Content.Confirm)
        {
            return $"Ticket {id} stays {ticket.Status.ToString().ToLowerInvariant()}.";
        }

        await SaveAsync(ticket with { Status = TicketStatus.Closed, Resolution = resolution }, call, cancellationToken).ConfigureAwait(false);
        return answer.Content.NotifyRequester
            ? $"Ticket {id} closed; {ticket.Requester} will be told."
            : $"Ticket {id} closed.";
    }

    /// <summary>Exports every ticket as a report. Runs as a task when the client supports tasks, reporting progress.</summary>
    /// <param name="format">CSV or a Markdown table.</param>
    /// <param name="delayPerTicketMs">How long each ticket takes to export, to watch the task run (0 to 2000 ms).</param>
    /// <param name="progress">One update per ticket.</param>
    /// <param name="cancellationToken">Cancelled by tasks/cancel or with the request.</param>
    [McpTool(ReadOnly = true, Idempotent = true, TaskSupport = McpTaskSupport.Optional, TaskTimeoutMs = 600_000)]
    public async Task<string> ExportTicketsAsync(
        ExportFormat format = ExportFormat.Csv,
        [Range(0, 2000)] int delayPerTicketMs = 0,
        IProgress<McpProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var all = new List<Ticket>();
        await foreach (var ticket in tickets.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            all.Add(ticket);
        }

        var report = new StringBuilder();
        report.AppendLine(format == ExportFormat.Csv ? "id,priority,status,assignee,title" : "| # | Priority | Status | Assignee | Title |\n|---|---|---|---|---|");
        for (int i = 0; i < all.Count; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delayPerTicketMs), time, cancellationToken).ConfigureAwait(false);
            var t = all[i];
            report.AppendLine(format == ExportFormat.Csv
                ? string.Create(CultureInfo.InvariantCulture, $"{t.Id},{t.Priority},{t.Status},{t.Assignee},\"{t.Title.Replace("\"", "\"\"", StringComparison.Ordinal)}\"")
                : string.Create(CultureInfo.InvariantCulture, $"| {t.Id} | {t.Priority} | {t.Status} | {t.Assignee ?? "-"} | {t.Title.Replace("|", "\\|", StringComparison.Ordinal)} |"));
            progress?.Report(new McpProgress(i + 1, all.Count, $"ticket {t.Id}"));
        }

        return report.ToString();
    }

    /// <summary>A ticket in full, as JSON.</summary>
    /// <param name="id">The ticket number.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpResource("tickets://{id}", Title = "Ticket")]
    public async Task<Ticket> TicketAsync(int id, CancellationToken cancellationToken) =>
        await tickets.GetAsync(id, cancellationToken).ConfigureAwait(false)
        ?? throw new McpResourceNotFoundException("tickets://" + id.ToString(CultureInfo.InvariantCulture));

    /// <summary>Ticket numbers for <c>tickets://{id}</c> and the prompts, newest first.</summary>
    /// <param name="value">What the user has typed so far.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpCompletion(ResourceTemplate = "tickets://{id}", Argument = "id")]
    [McpCompletion(Prompt = "draft_reply", Argument = "ticketId")]
    public async Task<IEnumerable<string>> CompleteTicketIdAsync(string value, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var ticket in tickets.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            string id = ticket.Id.ToString(CultureInfo.InvariantCulture);
            if (id.StartsWith(value, StringComparison.Ordinal))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>Drafts a reply to a ticket's requester.</summary>
    /// <param name="ticketId">The ticket number.</param>
    /// <param name="tone">How the reply should sound.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpPrompt]
    public async Task<string> DraftReplyAsync(int ticketId, ReplyTone tone = ReplyTone.Friendly, CancellationToken cancellationToken = default)
    {
        var ticket = await RequireAsync(ticketId, cancellationToken).ConfigureAwait(false);
        return $"""
            Write a {tone.ToString().ToLowerInvariant()} reply to {ticket.Requester} about ticket {ticket.Id} ({ticket.Priority}, {ticket.Status}).
            Their problem: {ticket.Title}
            {ticket.Description}
            {(ticket.Resolution is null ? "Say what happens next and when they will hear from us." : "Explain the resolution: " + ticket.Resolution)}
            """;
    }

    private async Task<Ticket> RequireAsync(int id, CancellationToken cancellationToken) =>
        await tickets.GetAsync(id, cancellationToken).ConfigureAwait(false)
        ?? throw new ArgumentException($"There is no ticket {id}; search_tickets lists the tickets there are.", nameof(id));

    private async Task SaveAsync(Ticket ticket, McpToolCall call, CancellationToken cancellationToken)
    {
        if (!await tickets.UpdateAsync(ticket, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Ticket {ticket.Id} changed while it was being updated; try again.");
        }

        await call.Events.PublishAsync(McpServerEvent.ResourceUpdated("tickets://" + ticket.Id.ToString(CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
    }

    private static bool Matches(Ticket ticket, string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(word =>
            ticket.Title.Contains(word, StringComparison.OrdinalIgnoreCase) ||
            ticket.Description.Contains(word, StringComparison.OrdinalIgnoreCase));
}

/// <summary>How a drafted reply should sound.</summary>
public enum ReplyTone
{
    /// <summary>Warm and informal.</summary>
    Friendly,
    /// <summary>Polite and formal.</summary>
    Formal,
    /// <summary>Two or three sentences.</summary>
    Brief,
}
