using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace Microsoft.Extensions.Caching.Memory
{
    public interface IMemoryCache
    {
        bool TryGetValue(object key, out object? value);
    }

    public static class CacheExtensions
    {
        public static TItem Set<TItem>(this IMemoryCache cache, object key, TItem value, TimeSpan absoluteExpirationRelativeToNow) => value;
    }
}

namespace Billing
{
    using Microsoft.Extensions.Caching.Memory;

    public sealed record InvoiceDraft(string CustomerId, decimal Amount, string Currency);

    public interface IBillingApi
    {
        Task<InvoiceDraft> DraftAsync(string customerId, CancellationToken cancellationToken);
        Task<string> SendAsync(InvoiceDraft draft, CancellationToken cancellationToken);
    }

    /// <summary>Prepare shows the customer a draft; Confirm sends the draft that Prepare kept.</summary>
    public sealed class InvoiceTools(IMemoryCache cache, IBillingApi billing) // expect: MCPG5005
    {
        /// <summary>Prepares an invoice draft for a customer and shows its total.</summary>
        [McpTool]
        public async Task<string> PrepareInvoice(string customerId, CancellationToken cancellationToken)
        {
            var draft = await billing.DraftAsync(customerId, cancellationToken);
            cache.Set($"invoice-draft:{customerId}", draft, TimeSpan.FromMinutes(30)); // expect: MCPG5021
            return $"{draft.Amount} {draft.Currency}";
        }

        /// <summary>Sends the draft prepared for the customer.</summary>
        [McpTool]
        public async Task<string> ConfirmInvoice(string customerId, CancellationToken cancellationToken)
        {
            if (!cache.TryGetValue($"invoice-draft:{customerId}", out var value) || value is not InvoiceDraft draft)
            {
                return "No draft: call PrepareInvoice first.";
            }

            return await billing.SendAsync(draft, cancellationToken);
        }
    }
}
