using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace McpGen.Samples.ScaleOut;

/// <summary>Shared notes for agents, served by any number of instances.</summary>
[McpServer("notes", Version = "1.0.0")]
public partial class NotesServer;

/// <summary>Where notes live: shared by every instance.</summary>
public interface INoteStore
{
    Task<string?> GetAsync(string id, CancellationToken cancellationToken);

    Task SetAsync(string id, string text, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

/// <summary>Notes in Redis strings, under <c>notes:{id}</c>.</summary>
public sealed class RedisNoteStore(IConnectionMultiplexer redis) : INoteStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<string?> GetAsync(string id, CancellationToken cancellationToken) =>
        await Db.StringGetAsync("notes:" + id).WaitAsync(cancellationToken).ConfigureAwait(false);

    public Task SetAsync(string id, string text, CancellationToken cancellationToken) =>
        Db.StringSetAsync("notes:" + id, text).WaitAsync(cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        Db.KeyDeleteAsync("notes:" + id).WaitAsync(cancellationToken);
}

/// <summary>Confirmation before a note is deleted.</summary>
/// <param name="Confirm">Delete the note for good.</param>
public sealed record DeleteConfirmation(bool Confirm);

/// <summary>Reading, writing and deleting notes.</summary>
public sealed class NoteTools(INoteStore notes, ILogger<NoteTools> logger)
{
    /// <summary>Writes a note; clients subscribed to it hear about the change on every instance.</summary>
    /// <param name="id">The note's id.</param>
    /// <param name="text">Its new text.</param>
    /// <param name="call">The call, to announce the change.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpTool(Idempotent = true)]
    public async Task<string> WriteNote(string id, string text, McpToolCall call, CancellationToken cancellationToken)
    {
        await notes.SetAsync(id, text, cancellationToken).ConfigureAwait(false);
        await call.Events.PublishAsync(McpServerEvent.ResourceUpdated("notes://" + id), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Note {Id} written", id);
        return $"Note {id} saved.";
    }

    /// <summary>Deletes a note after the user confirms; the confirmation may reach any instance.</summary>
    /// <param name="id">The note's id.</param>
    /// <param name="input">Asks the user to confirm.</param>
    /// <param name="call">The call, to announce the change.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpTool(Destructive = true)]
    public async Task<string> DeleteNote(string id, McpInput input, McpToolCall call, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<DeleteConfirmation>("confirm", $"Delete note {id}?");
        if (!answer.IsAccepted || !answer.Content.Confirm)
        {
            return $"Note {id} kept.";
        }

        bool deleted = await notes.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        await call.Events.PublishAsync(McpServerEvent.ResourceUpdated("notes://" + id), cancellationToken).ConfigureAwait(false);
        return deleted ? $"Note {id} deleted." : $"There was no note {id}.";
    }

    /// <summary>Rebuilds the search index of all notes; safe to run again, so a task interrupted on one instance is retried on another.</summary>
    /// <param name="seconds">How long the rebuild takes.</param>
    /// <param name="cancellationToken">Cancelled by tasks/cancel.</param>
    [McpTool(TaskSupport = McpTaskSupport.Optional, Idempotent = true)]
    public async Task<string> RebuildIndex(int seconds, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
        return $"Index rebuilt in {seconds} s.";
    }

    /// <summary>Mails the notes report; not safe to repeat, so a task interrupted by a dying instance fails instead of mailing twice.</summary>
    /// <param name="seconds">How long sending takes.</param>
    /// <param name="cancellationToken">Cancelled by tasks/cancel.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required)]
    public async Task<string> SendReport(int seconds, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
        return "Report sent.";
    }

    /// <summary>A note's text.</summary>
    /// <param name="id">The note's id.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpResource("notes://{id}", MimeType = "text/plain")]
    public async Task<string> Note(string id, CancellationToken cancellationToken) =>
        await notes.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new McpResourceNotFoundException("notes://" + id);
}
