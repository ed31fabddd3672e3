using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace Shipping
{
    /// <summary>Tracks parcels with the carrier's API, which allows 8 concurrent requests per API key.</summary>
    public sealed class TrackingTools(HttpClient http)
    {
        // The carrier's quota is per API key, shared by every instance: 3 instances allow 24 calls at once.
        private static readonly SemaphoreSlim s_carrierQuota = new(8, 8); // expect: MCPG5020

        /// <summary>Gets the tracking status of a parcel.</summary>
        [McpTool]
        public async Task<string> Track(string trackingNumber, CancellationToken cancellationToken)
        {
            await s_carrierQuota.WaitAsync(cancellationToken);
            try
            {
                return await http.GetStringAsync($"https://api.carrier.example/v2/track/{Uri.EscapeDataString(trackingNumber)}", cancellationToken);
            }
            finally
            {
                s_carrierQuota.Release();
            }
        }
    }
}
