using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IMailer
{
    Task SendAsync(string to, string body, CancellationToken cancellationToken = default);
}

public sealed class MailTools(IMailer mailer)
{
    /// <summary>Sends a mail.</summary>
    [McpTool(Destructive = true)]
    public Task Send(string to, string body, McpToolCall call) => mailer.SendAsync(to, body); // expect: MCPG6002
}
