using System;
using System.Security.Cryptography;
using McpGen;
using Microsoft.AspNetCore.DataProtection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Seals MCP <c>requestState</c> with ASP.NET Core Data Protection.</summary>
public static class McpDataProtectionServiceCollectionExtensions
{
    /// <summary>
    /// Seals the <c>requestState</c> of <c>input_required</c> results with ASP.NET Core Data Protection instead of
    /// <see cref="McpRequestStateOptions.Keys"/>. Every instance must share the key ring (for example
    /// <c>PersistKeysToStackExchangeRedis</c> or a shared folder, with the same application name), which also gives
    /// key rotation, and encryption of the keys at rest once a <c>ProtectKeysWith…</c> method is configured. Expiry and binding to the tool and its arguments still apply.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services, to chain calls.</returns>
    public static IServiceCollection AddMcpRequestStateDataProtection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDataProtection();
        services.AddSingleton<IMcpRequestStateProtector, DataProtectionRequestStateProtector>();
        return services;
    }

    private sealed class DataProtectionRequestStateProtector(IDataProtectionProvider provider) : IMcpRequestStateProtector
    {
        private const string Prefix = "dp1.";

        // The purpose isolates requestState from every other use of the application's key ring.
        private readonly IDataProtector _protector = provider.CreateProtector("McpGen.RequestState.v1");

        public string Protect(ReadOnlySpan<byte> plaintext) => Prefix + Base64Url.Encode(_protector.Protect(plaintext.ToArray()));

        public bool TryUnprotect(string protectedText, out byte[] plaintext)
        {
            plaintext = [];
            if (protectedText is null || !protectedText.StartsWith(Prefix, StringComparison.Ordinal)
                || !Base64Url.TryDecode(protectedText.AsSpan(Prefix.Length), out var sealedBytes))
            {
                return false;
            }

            try
            {
                plaintext = _protector.Unprotect(sealedBytes);
                return true;
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }
}
